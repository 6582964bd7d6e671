package org.virtfx.app.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** virsh's snapshot commands, with its output and messages. */
final class SnapshotCommands {
    /** virsh prints creation times in local time with the offset, as strftime's "%Y-%m-%d %H:%M:%S %z". */
    static final DateTimeFormatter CREATION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private SnapshotCommands() {
    }

    static List<Class<? extends VirshCommand>> all() {
        return List.of(SnapshotCreate.class, SnapshotCreateAs.class, SnapshotList.class, SnapshotCurrent.class, SnapshotInfo.class,
                SnapshotDumpXml.class, SnapshotRevert.class, SnapshotDelete.class);
    }

    /** virsh's {snapshotname | --current} pair, resolved as its virshLookupSnapshot does. */
    abstract static class SnapshotTarget implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<domain>")
        String domain;
        @Parameters(index = "1", arity = "0..1", paramLabel = "<snapshotname>")
        String snapshotName;
        @Option(names = "--current", description = "use the current snapshot")
        boolean current;

        DomainSnapshot lookup(CliSession session, DomainSummary d) {
            DomainFamily domains = session.connection().domains();
            if (current && snapshotName != null) {
                throw new CommandFailure("--snapshotname and --current are mutually exclusive");
            }
            if (snapshotName != null) {
                return domains.snapshot(d.uuid(), snapshotName);
            }
            if (!current) {
                throw new CommandFailure("--snapshotname or --current is required");
            }
            return domains.currentSnapshot(d.uuid()).orElseThrow(() -> new CommandFailure(
                    "Domain snapshot not found: the domain does not have a current snapshot"));
        }
    }

    @Command(name = "snapshot-create", description = "Create a snapshot from XML")
    static final class SnapshotCreate implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;
        @Option(names = "--xmlfile", paramLabel = "<string>", description = "domain snapshot XML")
        String xmlFile;
        @Option(names = "--redefine", description = "redefine metadata for existing snapshot")
        boolean redefine;
        @Option(names = "--current", description = "with redefine, set current snapshot")
        boolean current;

        @Override
        public void run(CliSession session) {
            if (current && !redefine) {
                throw new CommandFailure(
                        "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'");
            }
            DomainSummary d = session.domain(domain);
            // Without a file, virsh asks for a snapshot the driver names and fills in.
            String xml = xmlFile == null ? "<domainsnapshot/>\n" : CliSession.readFile(xmlFile);
            DomainFamily domains = session.connection().domains();
            DomainSnapshot made = redefine ? domains.redefineSnapshot(d.uuid(), xml, current)
                    : domains.createSnapshot(d.uuid(), xml);
            session.extraUnterminated("Domain snapshot " + made.name() + " created"
                    + (xmlFile == null ? "" : " from '" + xmlFile + "'"));
        }
    }

    @Command(name = "snapshot-create-as", description = "Create a snapshot from a set of args")
    static final class SnapshotCreateAs implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<domain>")
        String domain;
        @Parameters(index = "1", arity = "0..1", paramLabel = "<name>")
        String positionalName;
        @Parameters(index = "2", arity = "0..1", paramLabel = "<description>")
        String positionalDescription;
        @Option(names = "--name", description = "name of snapshot")
        String name;
        @Option(names = "--description", description = "description of snapshot")
        String description;
        @Option(names = "--print-xml", description = "print XML document rather than create")
        boolean printXml;

        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain);
            String xml = requestXml(Optional.ofNullable(name).or(() -> Optional.ofNullable(positionalName)),
                    Optional.ofNullable(description).or(() -> Optional.ofNullable(positionalDescription)));
            if (printXml) {
                session.println(xml);
                return;
            }
            DomainSnapshot taken = session.connection().domains().createSnapshot(d.uuid(), xml);
            session.extraUnterminated("Domain snapshot " + taken.name() + " created");
        }

        /** The document virsh builds from the options. */
        static String requestXml(Optional<String> name, Optional<String> description) {
            XmlElement root = new XmlElement("domainsnapshot");
            name.ifPresent(n -> root.append(new XmlElement("name").setText(n)));
            description.ifPresent(text -> root.append(new XmlElement("description").setText(text)));
            return XmlFormat.format(root);
        }
    }

    @Command(name = "snapshot-list", description = "List snapshots for a domain")
    static final class SnapshotList implements VirshCommand {
        @Parameters(paramLabel = "<domain>")
        String domain;
        @Option(names = "--parent", description = "add a column showing parent snapshot")
        boolean parent;
        @Option(names = "--tree", description = "list snapshots in a tree")
        boolean tree;
        @Option(names = "--name", description = "list snapshot names only")
        boolean nameOnly;

        @Override
        public void run(CliSession session) {
            exclusive("tree", tree, "name", nameOnly);
            exclusive("parent", parent, "tree", tree);
            DomainSummary d = session.domain(domain);
            // virsh sorts by name, ignoring case.
            List<DomainSnapshot> snapshots = session.connection().domains().snapshots(d.uuid()).stream()
                    .sorted(Comparator.comparing(s -> s.name().toLowerCase())).toList();
            if (tree) {
                session.print(new VshTree<>(snapshots, DomainSnapshot::name, DomainSnapshot::parent).render());
            } else if (nameOnly) {
                snapshots.forEach(s -> session.println(s.name()));
            } else {
                session.print(table(snapshots, parent, ZoneId.systemDefault()).render(session.quiet()));
            }
        }

        static VshTable table(List<DomainSnapshot> snapshots, boolean withParent, ZoneId zone) {
            VshTable table = withParent ? new VshTable("Name", "Creation Time", "State", "Parent")
                    : new VshTable("Name", "Creation Time", "State");
            for (DomainSnapshot s : snapshots) {
                String time = CREATION_TIME.format(s.creationTime().atZone(zone));
                if (withParent) {
                    table.add(s.name(), time, s.state().xmlName(), s.parent().orElse(""));
                } else {
                    table.add(s.name(), time, s.state().xmlName());
                }
            }
            return table;
        }

        private static void exclusive(String first, boolean a, String second, boolean b) {
            if (a && b) {
                throw new CommandFailure("Options --" + first + " and --" + second + " are mutually exclusive");
            }
        }
    }

    @Command(name = "snapshot-current", description = "Get or set the current snapshot")
    static final class SnapshotCurrent implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<domain>")
        String domain;
        @Option(names = "--name", description = "list the name, rather than the full xml")
        boolean nameOnly;
        @Parameters(index = "1", arity = "0..1", paramLabel = "<snapshotname>")
        String snapshotName;

        @Override
        public void run(CliSession session) {
            if (nameOnly && snapshotName != null) {
                throw new CommandFailure("Options --name and --snapshotname are mutually exclusive");
            }
            DomainSummary d = session.domain(domain);
            DomainFamily domains = session.connection().domains();
            if (snapshotName != null) {
                // As virsh does it: the snapshot redefined from its own XML, as the current one.
                domains.redefineSnapshot(d.uuid(), domains.snapshotXml(d.uuid(), snapshotName), true);
                session.extraUnterminated("Snapshot " + snapshotName + " set as current");
                return;
            }
            DomainSnapshot current = domains.currentSnapshot(d.uuid()).orElseThrow(() ->
                    new CommandFailure("domain '" + domain + "' has no current snapshot"));
            // virsh prints either without a newline of its own; the line after the command ends it.
            session.print(nameOnly ? current.name() : domains.snapshotXml(d.uuid(), current.name()));
        }
    }

    @Command(name = "snapshot-info", description = "snapshot information")
    static final class SnapshotInfo extends SnapshotTarget {
        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain);
            DomainSnapshot snapshot = lookup(session, d);
            List<DomainSnapshot> all = session.connection().domains().snapshots(d.uuid());
            String xml = session.connection().domains().snapshotXml(d.uuid(), snapshot.name());
            line(session, "Name:", snapshot.name());
            line(session, "Domain:", d.name());
            line(session, "Current:", snapshot.current() ? "yes" : "no");
            line(session, "State:", snapshot.state().xmlName());
            line(session, "Location:", xml.contains("snapshot='external'") ? "external" : "internal");
            line(session, "Parent:", snapshot.parent().orElse("-"));
            line(session, "Children:", Long.toString(children(all, snapshot.name()).size()));
            line(session, "Descendants:", Long.toString(descendants(all, snapshot.name())));
            line(session, "Metadata:", "yes");
        }

        private static List<DomainSnapshot> children(List<DomainSnapshot> all, String name) {
            return all.stream().filter(s -> s.parent().filter(name::equals).isPresent()).toList();
        }

        private static long descendants(List<DomainSnapshot> all, String name) {
            List<DomainSnapshot> direct = children(all, name);
            long count = direct.size();
            for (DomainSnapshot child : direct) {
                count += descendants(all, child.name());
            }
            return count;
        }

        private static void line(CliSession session, String label, String value) {
            session.println(String.format("%-15s %s", label, value));
        }
    }

    @Command(name = "snapshot-dumpxml", description = "Dump XML for a domain snapshot")
    static final class SnapshotDumpXml implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<domain>")
        String domain;
        @Parameters(index = "1", paramLabel = "<snapshotname>")
        String snapshotName;

        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain);
            session.print(session.connection().domains().snapshotXml(d.uuid(), snapshotName));
        }
    }

    @Command(name = "snapshot-revert", description = "Revert a domain to a snapshot")
    static final class SnapshotRevert extends SnapshotTarget {
        @Option(names = "--force", description = "try harder on risky reverts")
        boolean force;

        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain);
            String name = lookup(session, d).name();
            session.call("Failed to revert snapshot " + name, () ->
                    session.connection().domains().revertToSnapshot(d.uuid(), name, force));
            session.extra("Domain snapshot " + name + " reverted");
        }
    }

    @Command(name = "snapshot-delete", description = "Delete a domain snapshot")
    static final class SnapshotDelete extends SnapshotTarget {
        @Override
        public void run(CliSession session) {
            DomainSummary d = session.domain(domain);
            String name = lookup(session, d).name();
            session.call("Failed to delete snapshot " + name, () ->
                    session.connection().domains().deleteSnapshot(d.uuid(), name));
            session.extra("Domain snapshot " + name + " deleted");
        }
    }
}
