package org.virtfx.app.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.storage.StorageXml;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * virsh's storage pool and volume commands, with virsh's output and messages. Like networks,
 * virsh does not quote pool and volume names in messages, except in vol-resize's.
 */
final class StorageCommands {

    private StorageCommands() {
    }

    /** libvirt 9's storage pool types (virStoragePoolType). */
    private static final List<String> POOL_TYPES = StorageXml.POOL_TYPES;

    static List<Class<? extends VirshCommand>> all() {
        return List.of(PoolList.class, PoolInfo.class, PoolDumpXml.class, PoolDefine.class, PoolDefineAs.class, PoolBuild.class,
                PoolStart.class, PoolDestroy.class, PoolUndefine.class, PoolAutostart.class, PoolRefresh.class,
                PoolUuid.class, PoolName.class, VolList.class, VolInfo.class, VolPath.class, VolDumpXml.class,
                VolCreate.class, VolCreateAs.class, VolClone.class, VolResize.class, VolDelete.class);
    }

    /** One operation on one pool, named as the user typed it. */
    abstract static class PoolAction extends ObjectAction<StorageFamily> {
        @Parameters(paramLabel = "<pool>")
        String pool;

        PoolAction(String failure, String success, BiConsumer<StorageFamily, UUID> operation) {
            super(ObjectFamily.POOLS, failure, success, operation);
        }

        @Override
        String word() {
            return pool;
        }
    }

    @Command(name = "pool-list", description = "list pools")
    static final class PoolList implements VirshCommand {
        @Option(names = "--all", description = "list inactive & active pools")
        boolean all;
        @Option(names = "--inactive", description = "list inactive pools")
        boolean inactive;
        @Option(names = "--details", description = "display extended details for pools")
        boolean details;
        /** virsh fills {@code --type} from a bare word too: {@code pool-list dir}. */
        @Parameters(arity = "0..1", paramLabel = "<type>")
        String type;

        @Override
        public void run(CliSession session) {
            HostCommands.exclusive(all, inactive);
            List<String> types = type == null ? POOL_TYPES : types(type);
            VshTable table = details
                    ? new VshTable("Name", "State", "Autostart", "Persistent", "Capacity", "Allocation", "Available")
                    : new VshTable("Name", "State", "Autostart");
            session.connection().storage().listPools().stream()
                    .filter(p -> p.active() ? !inactive : (all || inactive))
                    .filter(p -> types.contains(p.type()))
                    .sorted(Comparator.comparing(p -> p.name().toLowerCase()))
                    .forEach(p -> {
                        String autostart = yesNo(p.autostart());
                        if (!details) {
                            table.add(p.name(), p.active() ? "active" : "inactive", autostart);
                        } else if (p.active()) {
                            table.add(p.name(), "running", autostart, yesNo(p.persistent()), Capacity.pretty(p.capacity()),
                                    Capacity.pretty(p.allocation()), Capacity.pretty(p.available()));
                        } else {
                            table.add(p.name(), "inactive", autostart, yesNo(p.persistent()), "-", "-", "-");
                        }
                    });
            session.print(table.render(session.quiet()));
        }

        /**
         * The comma-separated types, as virsh's vshStringToArray splits them (",," is a comma
         * within a name); any that libvirt does not know fails the command.
         */
        static List<String> types(String list) {
            List<String> types = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (int i = 0; i < list.length(); i++) {
                char c = list.charAt(i);
                if (c == ',' && i + 1 < list.length() && list.charAt(i + 1) == ',') {
                    current.append(',');
                    i++;
                } else if (c == ',') {
                    types.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            types.add(current.toString());
            types.stream().filter(t -> !POOL_TYPES.contains(t)).findFirst().ifPresent(t -> {
                throw new CommandFailure("Invalid pool type '" + t + "'");
            });
            return types;
        }
    }

    @Command(name = "pool-info", description = "storage pool information")
    static final class PoolInfo implements VirshCommand {
        @Parameters(paramLabel = "<pool>")
        String pool;

        @Override
        public void run(CliSession session) {
            PoolSummary p = session.pool(pool);
            session.println(field("Name:", p.name()));
            session.println(field("UUID:", p.uuid().toString()));
            session.println(field("State:", p.active() ? "running" : "inactive"));
            session.println(field("Persistent:", yesNo(p.persistent())));
            session.println(field("Autostart:", yesNo(p.autostart())));
            if (p.active()) {
                session.println(field("Capacity:", Capacity.pretty(p.capacity())));
                session.println(field("Allocation:", Capacity.pretty(p.allocation())));
                session.println(field("Available:", Capacity.pretty(p.available())));
            }
        }
    }

    @Command(name = "pool-dumpxml", description = "pool information in XML")
    static final class PoolDumpXml implements VirshCommand {
        @Parameters(paramLabel = "<pool>")
        String pool;
        @Option(names = "--inactive", description = "show inactive defined XML")
        boolean inactive;

        @Override
        public void run(CliSession session) {
            ObjectFamily.POOLS.dumpXml(session, pool, inactive);
        }
    }

    @Command(name = "pool-define", description = "define an inactive persistent storage pool from an XML file")
    static final class PoolDefine extends DefineCommand {
        PoolDefine() {
            super(ObjectFamily.POOLS);
        }
    }

    /**
     * The pool XML virsh writes from its arguments. A "-" is taken as it is, as virsh takes it:
     * {@code pool-define-as NAME dir - - - - /PATH}, an old recipe, defines a source host "-".
     */
    @Command(name = "pool-define-as", description = "define a pool from a set of args")
    static final class PoolDefineAs implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<name>")
        String name;
        @Parameters(index = "1", paramLabel = "<type>")
        String type;
        /** virsh also takes source-host, source-path, source-dev, source-name and target by position. */
        @Parameters(index = "2..*", arity = "0..5", paramLabel = "<source-host source-path source-dev source-name target>")
        List<String> byPosition = List.of();
        @Option(names = "--source-host", paramLabel = "<string>", description = "source-host for underlying storage")
        String sourceHost;
        @Option(names = "--source-path", paramLabel = "<string>", description = "source path for underlying storage")
        String sourcePath;
        @Option(names = "--source-dev", paramLabel = "<string>", description = "source device for underlying storage")
        String sourceDev;
        @Option(names = "--source-name", paramLabel = "<string>", description = "source name for underlying storage")
        String sourceName;
        @Option(names = "--target", paramLabel = "<string>", description = "target for underlying storage")
        String target;
        @Option(names = "--print-xml", description = "print XML document, but don't define/create")
        boolean printXml;

        @Override
        public void run(CliSession session) {
            String xml = xml();
            if (printXml) {
                session.print(xml);
                return;
            }
            PoolSummary p = session.call("Failed to define pool " + name, () ->
                    session.connection().storage().definePool(xml));
            session.extra("Pool " + p.name() + " defined");
        }

        String xml() {
            XmlElement xml = new XmlElement("pool").setAttribute("type", type);
            xml.append(new XmlElement("name").setText(name));
            XmlElement source = new XmlElement("source");
            String host = argument(sourceHost, 0);
            String path = argument(sourcePath, 1);
            String device = argument(sourceDev, 2);
            String sourceNameGiven = argument(sourceName, 3);
            String targetPath = argument(target, 4);
            if (host != null) {
                source.append(new XmlElement("host").setAttribute("name", host));
            }
            if (path != null) {
                source.append(new XmlElement("dir").setAttribute("path", path));
            }
            if (device != null) {
                source.append(new XmlElement("device").setAttribute("path", device));
            }
            if (sourceNameGiven != null) {
                source.append(new XmlElement("name").setText(sourceNameGiven));
            }
            if (!source.children().isEmpty()) {
                xml.append(source);
            }
            if (targetPath != null) {
                xml.append(new XmlElement("target").append(new XmlElement("path").setText(targetPath)));
            }
            return XmlFormat.format(xml);
        }

        /** An argument given by name, else by its position after the type. */
        private String argument(String named, int position) {
            return named != null ? named : position < byPosition.size() ? byPosition.get(position) : null;
        }
    }

    @Command(name = "pool-build", description = "build a pool")
    static final class PoolBuild extends PoolAction {
        PoolBuild() {
            super("Failed to build pool %s", "Pool %s built", StorageFamily::buildPool);
        }
    }

    @Command(name = "pool-start", description = "start a (previously defined) inactive pool")
    static final class PoolStart implements VirshCommand {
        @Parameters(paramLabel = "<pool>")
        String pool;
        @Option(names = "--build", description = "build the pool as normal")
        boolean build;

        @Override
        public void run(CliSession session) {
            ObjectFamily.POOLS.act(session, pool, "Failed to start pool %s", "Pool %s started",
                    (storage, uuid) -> storage.startPool(uuid, build));
        }
    }

    @Command(name = "pool-destroy", description = "destroy (stop) a pool")
    static final class PoolDestroy extends PoolAction {
        PoolDestroy() {
            super("Failed to destroy pool %s", "Pool %s destroyed", StorageFamily::stopPool);
        }
    }

    @Command(name = "pool-undefine", description = "undefine an inactive pool")
    static final class PoolUndefine extends PoolAction {
        PoolUndefine() {
            super("Failed to undefine pool %s", "Pool %s has been undefined", StorageFamily::undefinePool);
        }
    }

    @Command(name = "pool-refresh", description = "refresh a pool")
    static final class PoolRefresh extends PoolAction {
        PoolRefresh() {
            super("Failed to refresh pool %s", "Pool %s refreshed", StorageFamily::refreshPool);
        }
    }

    @Command(name = "pool-autostart", description = "autostart a pool")
    static final class PoolAutostart implements VirshCommand {
        @Parameters(paramLabel = "<pool>")
        String pool;
        @Option(names = "--disable", description = "disable autostarting")
        boolean disable;

        @Override
        public void run(CliSession session) {
            ObjectFamily.POOLS.autostart(session, pool, disable);
        }
    }

    @Command(name = "pool-uuid", description = "convert a pool name to pool UUID")
    static final class PoolUuid implements VirshCommand {
        @Parameters(paramLabel = "<pool>")
        String pool;

        @Override
        public void run(CliSession session) {
            session.println(session.pool(pool, CliSession.By.NAME).uuid().toString());
        }
    }

    @Command(name = "pool-name", description = "convert a pool UUID to pool name")
    static final class PoolName implements VirshCommand {
        @Parameters(paramLabel = "<pool>")
        String pool;

        @Override
        public void run(CliSession session) {
            session.println(session.pool(pool, CliSession.By.UUID).name());
        }
    }

    @Command(name = "vol-list", description = "list vols")
    static final class VolList implements VirshCommand {
        @Parameters(paramLabel = "<pool>")
        String pool;
        @Option(names = "--details", description = "display extended details for volumes")
        boolean details;

        @Override
        public void run(CliSession session) {
            PoolSummary p = session.pool(pool);
            StorageFamily storage = session.connection().storage();
            List<VolumeSummary> volumes = session.call("Failed to list volumes", () -> storage.listVolumes(p.uuid()))
                    .stream().sorted(Comparator.comparing(VolumeSummary::name)).toList();
            VshTable table = details ? new VshTable("Name", "Path", "Type", "Capacity", "Allocation")
                    : new VshTable("Name", "Path");
            for (VolumeSummary v : volumes) {
                if (details) {
                    table.add(v.name(), v.path(), type(storage.volumeXml(p.uuid(), v.name())),
                            Capacity.pretty(v.capacity()), Capacity.pretty(v.allocation()));
                } else {
                    table.add(v.name(), v.path());
                }
            }
            session.print(table.render(session.quiet()));
        }
    }

    @Command(name = "vol-info", description = "storage vol information")
    static final class VolInfo extends VolumeCommand {
        @Override
        void run(CliSession session, Volume volume) {
            session.println(field("Name:", volume.summary().name()));
            session.println(field("Type:", type(volume.xml(session))));
            session.println(field("Capacity:", Capacity.pretty(volume.summary().capacity())));
            session.println(field("Allocation:", Capacity.pretty(volume.summary().allocation())));
        }
    }

    @Command(name = "vol-path", description = "returns the volume path for a given volume name or key")
    static final class VolPath extends VolumeCommand {
        @Override
        void run(CliSession session, Volume volume) {
            session.println(volume.summary().path());
        }
    }

    @Command(name = "vol-dumpxml", description = "vol information in XML")
    static final class VolDumpXml extends VolumeCommand {
        @Override
        void run(CliSession session, Volume volume) {
            session.print(volume.xml(session));
        }
    }

    @Command(name = "vol-delete", description = "delete a vol")
    static final class VolDelete extends VolumeCommand {
        @Override
        void run(CliSession session, Volume volume) {
            session.call("Failed to delete vol " + vol, () ->
                    session.connection().storage().deleteVolume(volume.pool().uuid(), volume.summary().name()));
            session.extra("Vol " + vol + " deleted");
        }
    }

    @Command(name = "vol-resize", description = "resize a vol")
    static final class VolResize implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<vol>")
        String vol;
        @Parameters(index = "1", paramLabel = "<capacity>")
        String capacity;
        @Option(names = "--pool", paramLabel = "<string>", description = "pool name or uuid")
        String pool;
        @Option(names = "--shrink", description = "allow the resize to shrink the volume")
        boolean shrink;

        @Override
        public void run(CliSession session) {
            Volume volume = Volume.find(session, vol, pool);
            long bytes = Capacity.parse(capacity);
            session.call("Failed to change size of volume '" + volume.summary().name() + "' to " + capacity, () ->
                    session.connection().storage().resizeVolume(volume.pool().uuid(), volume.summary().name(), bytes,
                            shrink));
            session.extra("Size of volume '" + volume.summary().name() + "' successfully changed to " + capacity);
        }
    }

    @Command(name = "vol-create", description = "create a vol from an XML file")
    static final class VolCreate implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<pool>")
        String pool;
        @Parameters(index = "1", paramLabel = "<file>")
        String file;

        @Override
        public void run(CliSession session) {
            PoolSummary p = session.pool(pool);
            String xml = CliSession.readFile(file);
            VolumeSummary v = session.call("Failed to create vol from " + file, () ->
                    session.connection().storage().createVolume(p.uuid(), xml));
            session.extra("Vol " + v.name() + " created from " + file);
        }
    }

    @Command(name = "vol-create-as", description = "create a volume from a set of args")
    static final class VolCreateAs implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<pool>")
        String pool;
        @Parameters(index = "1", paramLabel = "<name>")
        String name;
        @Parameters(index = "2", paramLabel = "<capacity>")
        String capacity;
        @Option(names = "--allocation", paramLabel = "<string>", description = "initial allocation size, as scaled integer (default bytes)")
        String allocation;
        @Option(names = "--format", paramLabel = "<string>", description = "file format type raw,bochs,qcow,qcow2,qed,vmdk")
        String format;
        @Option(names = "--print-xml", description = "print XML document, but don't define/create")
        boolean printXml;

        @Override
        public void run(CliSession session) {
            PoolSummary p = session.pool(pool);
            String xml = xml();
            if (printXml) {
                session.print(xml);
                return;
            }
            session.call("Failed to create vol " + name, () -> session.connection().storage().createVolume(p.uuid(), xml));
            session.extra("Vol " + name + " created");
        }

        String xml() {
            XmlElement xml = new XmlElement("volume");
            xml.append(new XmlElement("name").setText(name));
            xml.append(new XmlElement("capacity").setText(Long.toString(Capacity.parse(capacity))));
            if (allocation != null) {
                xml.append(new XmlElement("allocation").setText(Long.toString(Capacity.parse(allocation))));
            }
            if (format != null) {
                xml.append(new XmlElement("target").append(new XmlElement("format").setAttribute("type", format)));
            }
            return XmlFormat.format(xml);
        }
    }

    @Command(name = "vol-clone", description = "clone a volume.")
    static final class VolClone implements VirshCommand {
        @Parameters(index = "0", paramLabel = "<vol>")
        String vol;
        @Parameters(index = "1", paramLabel = "<newname>")
        String newName;
        @Option(names = "--pool", paramLabel = "<string>", description = "pool name or uuid")
        String pool;

        @Override
        public void run(CliSession session) {
            Volume source = Volume.find(session, vol, pool);
            VolumeSummary s = source.summary();
            String xml = XmlFormat.format(new XmlElement("volume")
                    .append(new XmlElement("name").setText(newName))
                    .append(new XmlElement("capacity").setText(Long.toString(s.capacity())))
                    .append(new XmlElement("target").append(new XmlElement("format").setAttribute("type", s.format()))));
            UUID pool = source.pool().uuid();
            session.call("Failed to clone vol from " + s.name(), () ->
                    session.connection().storage().cloneVolume(pool, xml, pool, s.name()));
            session.extra("Vol " + newName + " cloned from " + s.name());
        }
    }

    /** A command on one volume, named by its name with {@code --pool}, or by its path or key. */
    abstract static class VolumeCommand implements VirshCommand {
        @Parameters(paramLabel = "<vol>")
        String vol;
        @Option(names = "--pool", paramLabel = "<string>", description = "pool name or uuid")
        String pool;

        @Override
        public final void run(CliSession session) {
            run(session, Volume.find(session, vol, pool));
        }

        abstract void run(CliSession session, Volume volume);
    }

    /** A volume with the pool it is in. */
    record Volume(PoolSummary pool, VolumeSummary summary) {

        String xml(CliSession session) {
            return session.call("failed to get vol XML", () ->
                    session.connection().storage().volumeXml(pool.uuid(), summary.name()));
        }

        /**
         * As virsh: a name within the pool given, else a key or a path in any active pool; a miss
         * reports the last way tried, the path.
         */
        static Volume find(CliSession session, String word, String poolWord) {
            StorageFamily storage = session.connection().storage();
            List<PoolSummary> pools = poolWord == null
                    ? storage.listPools().stream().filter(PoolSummary::active).toList()
                    : List.of(session.pool(poolWord));
            for (PoolSummary p : pools) {
                for (VolumeSummary v : volumes(storage, p)) {
                    boolean byName = poolWord != null && v.name().equals(word);
                    if (byName || v.key().equals(word) || v.path().equals(word)) {
                        return new Volume(p, v);
                    }
                }
            }
            String headline = "failed to get vol '" + word + "'" + (poolWord == null ? ", specifying --pool might help" : "");
            throw new CommandFailure(headline, VirtException.of(ErrorCode.NO_STORAGE_VOL,
                    "no storage vol with matching path '" + word + "'").getMessage());
        }

        private static List<VolumeSummary> volumes(StorageFamily storage, PoolSummary pool) {
            try {
                return storage.listVolumes(pool.uuid());
            } catch (VirtException inactive) {
                return List.of();
            }
        }
    }

    /** virsh's {@code %-15s %s} lines of pool-info and vol-info. */
    private static String field(String label, String value) {
        return String.format("%-15s %s", label, value);
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    /** The {@code type} of a volume's XML, "file" when it has none, as libvirt defaults it. */
    private static String type(String volumeXml) {
        return new XmlParser().parse(volumeXml, "volume").attribute("type").orElse("file");
    }

    /** Sizes as virsh reads and prints them. */
    static final class Capacity {
        private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

        private Capacity() {
        }

        /** virsh's vshPrettyCapacity: two decimals in the largest binary unit below the value. */
        static String pretty(long bytes) {
            double value = bytes;
            int unit = 0;
            while (unit < UNITS.length - 1 && value >= 1024) {
                value /= 1024;
                unit++;
            }
            return String.format("%.2f %s", value, UNITS[unit]);
        }

        /** A scaled integer as virsh takes it: bytes unless a suffix says otherwise ("10M", "1GiB", "5GB"). */
        static long parse(String text) {
            String malformed = "Malformed size " + text;
            try {
                return ScaledSize.parseScaled(text, "B");
            } catch (NumberFormatException notANumber) {
                // virsh's strtoull fails without a message of libvirt's, so the headline stands alone.
                throw new CommandFailure(malformed);
            } catch (VirtException unknownSuffix) {
                throw new CommandFailure(malformed, unknownSuffix.getMessage());
            } catch (ArithmeticException tooLarge) {
                // libvirt's virScaleInteger: VIR_ERR_OVERFLOW, which core has no code for.
                throw new CommandFailure(malformed, "numerical overflow: value too large: " + text);
            }
        }
    }
}
