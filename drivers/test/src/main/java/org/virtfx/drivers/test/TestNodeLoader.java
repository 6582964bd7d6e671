package org.virtfx.drivers.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSnapshotXml;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.host.NumaCell;
import org.virtfx.core.network.NetworkXml;
import org.virtfx.core.storage.StorageXml;
import org.virtfx.core.xml.Uuids;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlNode;
import org.virtfx.core.xml.XmlParser;

/**
 * Reads a libvirt test-driver node file: a {@code <node>} root whose children (inline, or
 * stubs with {@code file=} relative to the node file) are domains, networks, interfaces and
 * pools with volumes, plus {@code <cpu>} and {@code <memory>} overriding the default host.
 * Domains may carry libvirt's {@code test:} namespace elements for their run state.
 */
final class TestNodeLoader {
    static final String TEST_NAMESPACE = "http://libvirt.org/schemas/domain/test/1.0";
    /** libvirt's defaultNodeInfo, which a node file's {@code <cpu>} and {@code <memory>} override. */
    private static final NodeInfo DEFAULT_NODE = new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2);
    /**
     * What a node file may weigh. libvirt's test driver reads it whole, with no limit of its
     * own, and 10,000 domains as virt-manager defines them take 32 MB: the 10 MB of a single
     * definition would refuse them. A limit still stands, so {@code /dev/zero} cannot fill the heap.
     */
    static final long NODE_FILE_LIMIT = 256L * 1024 * 1024;

    private final XmlParser parser = new XmlParser();
    private final NetworkXml networkXml = new NetworkXml();
    private final StorageXml storageXml = new StorageXml();
    private final DomainSnapshotXml snapshotXml = new DomainSnapshotXml();

    /** The pristine state of {@code test:///default}, with its two NUMA cells. */
    TestNodeState loadDefault() {
        String xml;
        try (var in = TestNodeLoader.class.getResourceAsStream("default-node.xml")) {
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, "internal error: default test node is missing",
                    String.valueOf(e), e);
        }
        // libvirt's default connection has two cells of 8 CPUs; node files have none.
        List<NumaCell> cells = List.of(new NumaCell(0, 2097152, range(0, 8)), new NumaCell(1, 4194304, range(8, 16)));
        return load(parser.parse(xml, "test:///default"), Path.of("/"), "test:///default", cells);
    }

    /** Loads a node file; relative {@code file=} references resolve against its folder. */
    TestNodeState loadFile(Path file) {
        String source = file.toString();
        return load(parser.parse(BoundedFiles.read(file, NODE_FILE_LIMIT), source), file.toAbsolutePath().getParent(),
                source, List.of());
    }

    private TestNodeState load(XmlElement root, Path baseDir, String source, List<NumaCell> cells) {
        if (!root.name().equals("node")) {
            throw new VirtException(ErrorCode.XML_ERROR, "XML error: expecting root element of 'node', not '"
                    + root.name() + "'", source, null);
        }
        List<HostInterface> interfaces = new ArrayList<>();
        for (XmlElement element : root.children("interface")) {
            XmlElement iface = resolve(element, baseDir, source);
            interfaces.add(new HostInterface(iface.attribute("name").orElse(""),
                    iface.child("mac").flatMap(m -> m.attribute("address")).orElse(""), true));
        }
        TestNodeState state = TestNodeState.of(new TestNode(nodeInfo(root, source), cells, interfaces));
        for (XmlElement element : root.children("domain")) {
            loadDomain(state.domains(), resolve(element, baseDir, source), baseDir, source);
        }
        for (XmlElement element : root.children("network")) {
            state.networks().load(networkXml.read(resolve(element, baseDir, source), source));
        }
        for (XmlElement element : root.children("pool")) {
            // Volumes hang below the node file's <pool> element, whether the pool is inline or not.
            List<XmlElement> volumes = element.children("volume");
            XmlElement poolRoot = resolve(element, baseDir, source);
            if (poolRoot == element) {
                withoutVolumes(poolRoot);
            }
            TestPool pool = state.storage().load(storageXml.readPool(poolRoot, source));
            for (XmlElement volume : volumes) {
                pool.addVolume(storageXml.readVolume(resolve(volume, baseDir, source), source));
            }
        }
        return state;
    }

    /**
     * Drops an inline pool's volumes, which are read on their own, in one pass: removing them
     * one by one scans the pool's content once per volume, which for the 10,000 volumes of
     * 10,000 domains' disks took most of the load.
     */
    private static void withoutVolumes(XmlElement pool) {
        List<XmlNode> kept = new ArrayList<>(pool.content());
        kept.removeIf(node -> node instanceof XmlElement child && child.name().equals("volume"));
        pool.clearContent();
        kept.forEach(pool::append);
    }

    private void loadDomain(TestDomains domains, XmlElement domain, Path baseDir, String source) {
        String prefix = testPrefix(domain).orElse(null);
        int runstate = DomainState.RUNNING.ordinal();
        boolean transientDomain = false;
        boolean managedSave = false;
        List<DomainSnapshotXml.Redefinition> snapshots = new ArrayList<>();
        if (prefix != null) {
            for (XmlElement snapshot : domain.children(prefix + ":domainsnapshot")) {
                snapshots.add(snapshotXml.readRedefinition(snapshotRoot(snapshot, baseDir, source), source, true));
            }
            Optional<XmlElement> runstateElement = domain.child(prefix + ":runstate");
            if (runstateElement.isPresent()) {
                runstate = runstate(runstateElement.get().text());
            }
            transientDomain = domain.child(prefix + ":transient").isPresent();
            managedSave = domain.child(prefix + ":hasmanagedsave").isPresent();
            for (XmlElement child : domain.children()) {
                if (child.name().startsWith(prefix + ":")) {
                    domain.remove(child);
                }
            }
            domain.removeAttribute("xmlns:" + prefix);
        }
        DomainState state = DomainState.values()[runstate];
        if (transientDomain && state == DomainState.SHUTOFF) {
            throw VirtException.of(ErrorCode.XML_ERROR, "transient domain cannot have runstate 'shutoff'");
        }
        if (managedSave && state != DomainState.SHUTOFF) {
            throw VirtException.of(ErrorCode.XML_ERROR,
                    "domain with managedsave data can only have runstate 'shutoff'");
        }
        DomainDefinition definition = domains.parse(domain, source);
        domains.load(definition, !transientDomain, state, managedSave, snapshots);
    }

    /**
     * A {@code test:domainsnapshot} holds a snapshot's elements inline, or names a file whose
     * root is a {@code <domainsnapshot>}.
     */
    private XmlElement snapshotRoot(XmlElement element, Path baseDir, String source) {
        Optional<String> file = element.attribute("file");
        if (file.isEmpty()) {
            return element;
        }
        Path path = baseDir.resolve(file.get());
        XmlElement root = parser.parse(read(path), path.toString());
        Uuids.requireRoot(root, "domainsnapshot", path.toString());
        return root;
    }

    private static int runstate(String text) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid runstate");
        }
        if (value < 0 || value >= DomainState.values().length) {
            throw VirtException.of(ErrorCode.XML_ERROR, "runstate '" + value + "' out of range'");
        }
        return value;
    }

    /** The prefix the domain binds to libvirt's test namespace, if any. */
    private static Optional<String> testPrefix(XmlElement domain) {
        for (Map.Entry<String, String> attribute : domain.attributes().entrySet()) {
            if (attribute.getKey().startsWith("xmlns:") && attribute.getValue().equals(TEST_NAMESPACE)) {
                return Optional.of(attribute.getKey().substring("xmlns:".length()));
            }
        }
        return Optional.empty();
    }

    /** An inline element as it is, or the root of the file a {@code file=} stub points to. */
    private XmlElement resolve(XmlElement element, Path baseDir, String source) {
        Optional<String> file = element.attribute("file");
        if (file.isEmpty()) {
            return element;
        }
        Path path = baseDir.resolve(file.get());
        XmlElement root = parser.parse(read(path), path.toString());
        if (!root.name().equals(element.name())) {
            throw new VirtException(ErrorCode.XML_ERROR, "XML error: expecting root element of '"
                    + element.name() + "', not '" + root.name() + "'", path.toString(), null);
        }
        return root;
    }

    private static NodeInfo nodeInfo(XmlElement root, String source) {
        Optional<XmlElement> cpu = root.child("cpu");
        int nodes = cpuField(cpu, "nodes", DEFAULT_NODE.numaNodes(), source);
        int sockets = cpuField(cpu, "sockets", DEFAULT_NODE.socketsPerNode(), source);
        int cores = cpuField(cpu, "cores", DEFAULT_NODE.coresPerSocket(), source);
        int threads = cpuField(cpu, "threads", DEFAULT_NODE.threadsPerCore(), source);
        int mhz = cpuField(cpu, "mhz", DEFAULT_NODE.mhz(), source);
        // libvirt recomputes the CPU count from the topology; <active> can only lower it.
        int cpus = nodes * sockets * cores * threads;
        int active = cpuField(cpu, "active", cpus, source);
        String model = cpu.flatMap(c -> c.childText("model")).orElse(DEFAULT_NODE.model());
        long memory = DEFAULT_NODE.memoryKiB();
        Optional<String> memoryText = root.childText("memory");
        if (memoryText.isPresent()) {
            try {
                memory = Long.parseUnsignedLong(memoryText.get());
            } catch (NumberFormatException e) {
                throw new VirtException(ErrorCode.XML_ERROR, "XML error: invalid node memory value", source, null);
            }
        }
        return new NodeInfo(model, memory, Math.min(cpus, active), mhz, nodes, sockets, cores, threads);
    }

    private static int cpuField(Optional<XmlElement> cpu, String field, int fallback, String source) {
        Optional<String> text = cpu.flatMap(c -> c.childText(field));
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseUnsignedInt(text.get());
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.XML_ERROR, "XML error: invalid node cpu " + field + " value",
                    source + ": '" + text.get() + "'", null);
        }
    }

    /** A file a node file names, read as every document is: a regular file of at most 10 MB, never a FIFO. */
    private static String read(Path path) {
        return BoundedFiles.readDocument(path);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
