package org.virtfx.app.cli;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ScaledSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** virsh's {@code setmem} and {@code setvcpus}: a guest's memory and vCPU count, live or in its definition. */
final class ResourceCommands {
    private ResourceCommands() {
    }

    /** One change to a domain, made where the scopes say. */
    @FunctionalInterface
    interface ScopedCall {
        void apply(DomainFamily domains, UUID uuid, Set<DeviceScope> scopes);
    }

    /**
     * A change of one amount of a domain with virsh's {@code --config}, {@code --live} and
     * {@code --current}: the options and the amount are checked before the domain is looked up,
     * and a failure prints libvirt's error alone, without a headline, as virsh does for these.
     */
    abstract static class ScopedChange implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<domain>")
        String domain;
        @Option(names = "--config", description = "affect next boot")
        boolean config;
        @Option(names = "--live", description = "affect running domain")
        boolean live;
        @Option(names = "--current", description = "affect current domain")
        boolean current;

        /** The change the amount given asks for; fails in virsh's words when it is not one. */
        abstract ScopedCall parsed();

        @Override
        public final void run(CliSession session) {
            Set<DeviceScope> scopes = scopes();
            ScopedCall call = parsed();
            DomainSummary d = session.domain(domain);
            try {
                call.apply(session.connection().domains(), d.uuid(), scopes);
            } catch (VirtException e) {
                throw new CommandFailure(e.getMessage());
            }
        }

        /** The scopes asked for; none means the domain's current state, as libvirt's AFFECT_CURRENT. */
        private Set<DeviceScope> scopes() {
            if (current && (live || config)) {
                throw new CommandFailure("Options --current and --" + (live ? "live" : "config") + " are mutually exclusive");
            }
            Set<DeviceScope> scopes = EnumSet.noneOf(DeviceScope.class);
            if (live) {
                scopes.add(DeviceScope.LIVE);
            }
            if (config) {
                scopes.add(DeviceScope.CONFIG);
            }
            return scopes;
        }
    }

    @Command(name = "setmem", description = "change memory allocation")
    static final class SetMem extends ScopedChange {
        @Parameters(index = "1", paramLabel = "<size>")
        String size;

        @Override
        ScopedCall parsed() {
            long kib = kib(size);
            return (domains, uuid, scopes) -> domains.setMemory(uuid, kib, scopes);
        }

        /** A scaled integer in KiB unless a suffix says otherwise ("512M", "2GiB"), as virsh reads it. */
        static long kib(String text) {
            int end = 0;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            try {
                if (end == 0) {
                    throw new NumberFormatException(text);
                }
                String unit = text.substring(end);
                return ScaledSize.toKiB(text.substring(0, end), unit.isEmpty() ? "KiB" : unit, "<size>");
            } catch (VirtException | NumberFormatException e) {
                throw new CommandFailure("Scaled numeric value '" + text + "' for <size> option is malformed or out of range");
            }
        }
    }

    @Command(name = "setvcpus", description = "change number of virtual CPUs")
    static final class SetVcpus extends ScopedChange {
        @Parameters(index = "1", paramLabel = "<count>")
        String count;

        @Override
        ScopedCall parsed() {
            int vcpus;
            try {
                vcpus = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                vcpus = -1;
            }
            if (vcpus < 0) {
                throw new CommandFailure("Numeric value '" + count + "' for <count> option is malformed or out of range");
            }
            int n = vcpus;
            return (domains, uuid, scopes) -> domains.setVcpus(uuid, n, scopes);
        }
    }
}
