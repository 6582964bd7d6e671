package org.virtfx.app.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.xml.XmlParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** virsh's domain commands, with its output and messages. */
final class DomainCommands {

    private DomainCommands() {
    }

    static List<Class<? extends VirshCommand>> all() {
        return List.of(ListDomains.class, DomInfo.class, DomState.class, DumpXml.class, Define.class,
                Undefine.class, Start.class, Shutdown.class, Destroy.class, Suspend.class, Resume.class,
                Reboot.class, Reset.class, DomId.class, DomUuid.class, DomName.class, Autostart.class,
                Console.class, Screenshot.class, SendKey.class, ResourceCommands.SetMem.class, ResourceCommands.SetVcpus.class,
                ManagedSave.class, ManagedSaveRemove.class);
    }

    /** One operation on one domain; virsh quotes the domain as the user typed it. */
    abstract static class DomainAction extends ObjectAction<DomainFamily> {
        @Parameters(paramLabel = "<domain>")
        String domain;

        DomainAction(String failure, String success, BiConsumer<DomainFamily, UUID> operation) {
            super(ObjectFamily.DOMAINS, failure, success, operation);
        }

        @Override
        String word() {
            return domain;
        }
    }

    @Command(name = "list", description = "list domains")
    static final class ListDomains implements VirshCommand {
        @Option(names = "--all", description = "list inactive & active domains")
        boolean all;
        @Option(names = "--inactive", description = "list inactive domains")
        boolean inactive;
        @Option(names = "--name", description = "list domain names only")
        boolean nameOnly;
        @Option(names = "--uuid", description = "list uuid's only")
        boolean uuidOnly;
        @Option(names = "--state-running", description = "list domains in running state")
        boolean running;
        @Option(names = "--state-paused", description = "list domains in paused state")
        boolean paused;
        @Option(names = "--state-shutoff", description = "list domains in shutoff state")
        boolean shutoff;
        @Option(names = "--state-other", description = "list domains in other states")
        boolean otherStates;

        @Override
        public void run(CliSession session) {
            // With a state asked for, the state alone decides unless --all or --inactive narrows
            // it too, as virsh's filters do. Active domains by id, then inactive ones by name.
            boolean byState = running || paused || shutoff || otherStates;
            List<DomainSummary> shown = session.connection().domains().list().stream()
                    .filter(d -> byState && !all && !inactive || (d.isActive() ? !inactive : (all || inactive)))
                    .filter(d -> !byState || inStateAsked(d.state()))
                    .sorted(Comparator.comparing((DomainSummary d) -> !d.isActive())
                            .thenComparingInt(DomainSummary::id)
                            .thenComparing(d -> d.name().toLowerCase()))
                    .toList();
            if (nameOnly || uuidOnly) {
                for (DomainSummary d : shown) {
                    session.println(uuidOnly && nameOnly ? d.uuid() + " " + d.name()
                            : uuidOnly ? d.uuid().toString() : d.name());
                }
                return;
            }
            VshTable table = new VshTable("Id", "Name", "State");
            shown.forEach(d -> table.add(d.isActive() ? Integer.toString(d.id()) : "-", d.name(), d.state().label()));
            session.print(table.render(session.quiet()));
        }

        private boolean inStateAsked(DomainState state) {
            return switch (state) {
                case RUNNING -> running;
                case PAUSED -> paused;
                case SHUTOFF -> shutoff;
                default -> otherStates;
            };
        }
    }

    @Command(name = "dominfo", description = "domain information")
    static final class DomInfo implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;

        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain);
            DomainStats stats = session.call("failed to get domain information", () ->
                    session.connection().domains().stats(d.uuid()));
            line(session, "Id:", d.isActive() ? Integer.toString(d.id()) : "-");
            line(session, "Name:", d.name());
            line(session, "UUID:", d.uuid().toString());
            osType(session, d).ifPresent(type -> line(session, "OS Type:", type));
            line(session, "State:", d.state().label());
            line(session, "CPU(s):", Integer.toString(stats.vcpus()));
            if (stats.cpuTimeNanos() > 0) {
                line(session, "CPU time:", String.format("%.1fs", stats.cpuTimeNanos() / 1e9));
            }
            line(session, "Max memory:", stats.maxMemoryKiB() + " KiB");
            line(session, "Used memory:", stats.memoryKiB() + " KiB");
            line(session, "Persistent:", d.persistent() ? "yes" : "no");
            line(session, "Autostart:", d.autostart() ? "enable" : "disable");
            // virsh leaves the line out when the driver cannot tell.
            try {
                boolean saved = session.connection().domains().hasManagedSave(d.uuid());
                line(session, "Managed save:", saved ? "yes" : "no");
            } catch (VirtException e) {
                // As virsh: no line.
            }
            // virsh prints the host's security model (virNodeGetSecurityModel) when one is
            // active. The label lines need the domain's label (virDomainGetSecurityLabel),
            // which no VirtFX driver reports yet, so there is none, as virsh prints none for
            // an empty label.
            HostSecurityModel.of(session).ifPresent(model -> {
                line(session, "Security model:", model.model());
                line(session, "Security DOI:", model.doi());
            });
        }

        /**
         * What virDomainGetOSType answers in libvirt's QEMU and LXC drivers: the type in the
         * definition's {@code <os>}; virsh leaves the line out when there is none.
         */
        private static Optional<String> osType(CliSession session, DomainSummary d) {
            try {
                String xml = session.connection().domains().xml(d.uuid(), false);
                return new XmlParser().parse(xml, "(domain)").child("os").flatMap(os -> os.childText("type"))
                        .map(String::strip).filter(type -> !type.isEmpty());
            } catch (VirtException e) {
                return Optional.empty();
            }
        }

        private static void line(CliSession session, String label, String value) {
            session.println(String.format("%-15s %s", label, value));
        }
    }

    @Command(name = "managedsave", description = "managed save of a domain state")
    static final class ManagedSave extends DomainAction {
        ManagedSave() {
            // virsh starts the message with a newline, which ends its progress line when it shows one.
            super("Failed to save domain '%s' state", "\nDomain '%s' state saved by libvirt", DomainFamily::managedSave);
        }
    }

    @Command(name = "managedsave-remove", description = "Remove managed save of a domain")
    static final class ManagedSaveRemove implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;

        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain);
            DomainFamily domains = session.connection().domains();
            String failure = "Failed to remove managed save image for domain '" + domain + "'";
            boolean saved = session.call(failure, () -> domains.hasManagedSave(d.uuid()));
            // virsh leaves both messages without a newline: the blank line after the command ends them.
            if (!saved) {
                session.extraUnterminated("Domain '" + domain + "' has no manage save image; removal skipped");
                return;
            }
            session.call(failure, () -> domains.managedSaveRemove(d.uuid()));
            session.extraUnterminated("Removed managedsave image for domain '" + domain + "'");
        }
    }

    @Command(name = "domstate", description = "domain state")
    static final class DomState implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;
        @Option(names = "--reason", description = "also print reason for the state")
        boolean reason;

        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain);
            session.println(reason ? d.state().label() + " (" + d.reason().label() + ")" : d.state().label());
        }
    }

    @Command(name = "dumpxml", description = "domain information in XML")
    static final class DumpXml implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;
        @Option(names = "--inactive", description = "show inactive defined XML")
        boolean inactive;

        @Override
        public void run(CliSession session) {
            ObjectFamily.DOMAINS.dumpXml(session, domain, inactive);
        }
    }

    @Command(name = "define", description = "define (but don't start) a domain from an XML file")
    static final class Define extends DefineCommand {
        Define() {
            super(ObjectFamily.DOMAINS);
        }
    }

    @Command(name = "undefine", description = "undefine a domain")
    static final class Undefine extends DomainAction {
        Undefine() {
            super("Failed to undefine domain '%s'", "Domain '%s' has been undefined", DomainFamily::undefine);
        }
    }

    /**
     * Starts one or more domains. virsh takes one; VirtFX takes several and starts them at
     * once through the task executor, reporting in the order given.
     */
    @Command(name = "start", description = "start one or more (previously defined) inactive domains")
    static final class Start implements VirshCommand {
        @Parameters(paramLabel = "<domain>", arity = "1..*")
        List<String> domains;

        @Override
        public void run(CliSession session) {
            List<DomainSummary> targets = new ArrayList<>();
            for (String word : domains) {
                DomainSummary d = session.domain(word, CliSession.By.UUID, CliSession.By.NAME);
                if (d.isActive()) {
                    throw new CommandFailure("Domain is already active");
                }
                targets.add(d);
            }
            String[] failures = new String[targets.size()];
            CountDownLatch done = new CountDownLatch(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                int index = i;
                DomainSummary d = targets.get(i);
                session.executor().execute(BackgroundTask.ofAction("Start " + d.name(),
                                () -> session.connection().domains().start(d.uuid()))
                        .onFailure(e -> failures[index] = e instanceof VirtException v ? v.getMessage() : e.toString())
                        .onFinished(done::countDown));
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure("interrupted while starting domains");
            }
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                if (failures[i] == null) {
                    session.extra("Domain '" + targets.get(i).name() + "' started");
                } else {
                    errors.add("Failed to start domain '" + targets.get(i).name() + "'");
                    errors.add(failures[i]);
                }
            }
            if (!errors.isEmpty()) {
                throw new CommandFailure(errors.toArray(String[]::new));
            }
        }
    }

    @Command(name = "shutdown", description = "gracefully shutdown a domain")
    static final class Shutdown extends DomainAction {
        Shutdown() {
            super("Failed to shutdown domain '%s'", "Domain '%s' is being shutdown", DomainFamily::shutdown);
        }
    }

    @Command(name = "destroy", description = "destroy (stop) a domain")
    static final class Destroy extends DomainAction {
        Destroy() {
            super("Failed to destroy domain '%s'", "Domain '%s' destroyed", DomainFamily::destroy);
        }
    }

    @Command(name = "suspend", description = "suspend a domain")
    static final class Suspend extends DomainAction {
        Suspend() {
            super("Failed to suspend domain '%s'", "Domain '%s' suspended", DomainFamily::suspend);
        }
    }

    @Command(name = "resume", description = "resume a domain")
    static final class Resume extends DomainAction {
        Resume() {
            super("Failed to resume domain '%s'", "Domain '%s' resumed", DomainFamily::resume);
        }
    }

    @Command(name = "reboot", description = "reboot a domain")
    static final class Reboot extends DomainAction {
        Reboot() {
            super("Failed to reboot domain '%s'", "Domain '%s' is being rebooted", DomainFamily::reboot);
        }
    }

    @Command(name = "reset", description = "reset a domain")
    static final class Reset extends DomainAction {
        Reset() {
            super("Failed to reset domain '%s'", "Domain '%s' was reset", DomainFamily::reset);
        }
    }

    @Command(name = "domid", description = "convert a domain name or UUID to domain id")
    static final class DomId implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;

        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain, CliSession.By.NAME, CliSession.By.UUID);
            session.println(d.isActive() ? Integer.toString(d.id()) : "-");
        }
    }

    @Command(name = "domuuid", description = "convert a domain name or id to domain UUID")
    static final class DomUuid implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;

        @Override
        public void run(CliSession session) {
            session.println(session.domain(domain, CliSession.By.ID, CliSession.By.NAME).uuid().toString());
        }
    }

    @Command(name = "domname", description = "convert a domain id or UUID to domain name")
    static final class DomName implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;

        @Override
        public void run(CliSession session) {
            session.println(session.domain(domain, CliSession.By.ID, CliSession.By.UUID).name());
        }
    }

    @Command(name = "autostart", description = "autostart a domain")
    static final class Autostart implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;
        @Option(names = "--disable", description = "disable autostarting")
        boolean disable;

        @Override
        public void run(CliSession session) {
            ObjectFamily.DOMAINS.autostart(session, domain, disable);
        }
    }

    /**
     * Joins this terminal to the domain's text console, as virsh does; Ctrl+] leaves. The
     * terminal is put in raw mode (stty) while joined, so keys reach the guest unchanged.
     */
    @Command(name = "console", description = "connect to the guest console")
    static final class Console implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;

        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain);
            DomainConsole console = session.call("Failed to get console for domain '" + domain + "'",
                    () -> session.connection().domains().openConsole(d.uuid()));
            session.println("Connected to domain '" + d.name() + "'");
            session.println("Escape character is ^] (Ctrl + ])");
            boolean raw = System.console() != null && stty("raw", "-echo");
            try {
                ConsoleRelay.relay(System.in, System.out, console);
            } catch (java.io.IOException e) {
                throw new CommandFailure("console of domain '" + domain + "' failed: " + e.getMessage());
            } finally {
                if (raw) {
                    stty("sane");
                }
                session.println("");
            }
        }

        private static boolean stty(String... settings) {
            List<String> command = new ArrayList<>(List.of("stty"));
            command.addAll(List.of(settings));
            try {
                return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                        .start().waitFor() == 0;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
