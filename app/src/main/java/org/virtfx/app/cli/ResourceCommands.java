package org.virtfx.app.cli;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
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

        /**
         * The scopes asked for: {@code --current} alone means the domain's current state (libvirt's
         * AFFECT_CURRENT, no scope); no option at all means the running guest, as virsh then calls
         * the flagless {@code virDomainSetMemory} and {@code virDomainSetVcpus}.
         */
        private Set<DeviceScope> scopes() {
            if (current && (live || config)) {
                throw new CommandFailure("Options --current and --" + (live ? "live" : "config") + " are mutually exclusive");
            }
            if (!current && !live && !config) {
                return EnumSet.of(DeviceScope.LIVE);
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
            try {
                // Whole KiB, rounded up, as virsh's VIR_DIV_UP.
                return Math.addExact(ScaledSize.parseScaled(text, "KiB"), 1023) / 1024;
            } catch (VirtException | NumberFormatException | ArithmeticException e) {
                throw new CommandFailure("Scaled numeric value '" + text + "' for <size> option is malformed or out of range");
            }
        }
    }

    @Command(name = "setvcpus", description = "change number of virtual CPUs")
    static final class SetVcpus extends ScopedChange {
        @Parameters(index = "1", paramLabel = "<count>")
        String count;
        @Option(names = "--maximum", description = "set maximum limit on next boot")
        boolean maximum;
        @Option(names = "--guest", description = "modify cpu state in the guest")
        boolean guest;
        @Option(names = "--hotpluggable", description = "make added vcpus hot(un)pluggable")
        boolean hotpluggable;

        @Override
        ScopedCall parsed() {
            if (maximum && !config) {
                throw new CommandFailure("Option --config is required by option --maximum");
            }
            if (guest && config) {
                throw new CommandFailure("Options --guest and --config are mutually exclusive");
            }
            int vcpus;
            try {
                vcpus = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                vcpus = -1;
            }
            if (vcpus < 0) {
                throw new CommandFailure("Numeric value '" + count + "' for <count> option is malformed or out of range");
            }
            if (vcpus == 0) {
                throw new CommandFailure("Can't set 0 processors for a VM");
            }
            if (guest || hotpluggable) {
                // Core has no guest agent and plugs every vCPU the same way.
                throw new CommandFailure("VirtFX cannot change vCPUs " + (guest ? "in the guest (--guest)"
                        : "as hot-pluggable ones (--hotpluggable)") + "; it changes the domain's vCPU count only");
            }
            int n = vcpus;
            if (maximum) {
                return (domains, uuid, scopes) -> {
                    if (!domains.byUuid(uuid).map(DomainSummary::persistent).orElse(false)) {
                        throw VirtException.of(ErrorCode.OPERATION_INVALID, "transient domains do not have any persistent config");
                    }
                    domains.define(withMaximumVcpus(domains.xml(uuid, true), n));
                };
            }
            return (domains, uuid, scopes) -> domains.setVcpus(uuid, n, scopes);
        }

        /**
         * The definition with a new vCPU maximum, as libvirt's {@code VIR_DOMAIN_VCPU_MAXIMUM}
         * leaves it: the current count stays unless the maximum falls below it, and an
         * attribute equal to the maximum is left out. Core has no call for the maximum alone,
         * so the CLI defines the domain again, which every driver does.
         */
        static String withMaximumVcpus(String definition, int maximum) {
            XmlElement root = new XmlParser().parse(definition, "(domain_definition)");
            XmlElement vcpu = root.child("vcpu").orElseThrow(() ->
                    new CommandFailure("the domain's definition has no <vcpu> element"));
            int current = vcpu.attribute("current").map(Integer::parseInt)
                    .orElseGet(() -> Integer.parseInt(vcpu.text().trim()));
            vcpu.setText(Integer.toString(maximum));
            if (current < maximum) {
                vcpu.setAttribute("current", Integer.toString(current));
            } else {
                vcpu.removeAttribute("current");
            }
            return XmlFormat.format(root);
        }
    }
}
