package org.virtfx.drivers.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlParser;

class NodeFileTest {
    private final DriverRegistry registry = DriverRegistry.discover();

    /** libvirt's sample node files, from the project's conformance corpus. */
    static Path samples() {
        Path corpus = Path.of(System.getProperty("virtfx.conformance", "../../conformance/libvirt"));
        Path dir = corpus.resolve("examples/xml/test").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("libvirt sample node files not found at " + dir
                    + " (set -Dvirtfx.conformance=PATH/conformance/libvirt)");
        }
        return dir;
    }

    @ParameterizedTest
    @ValueSource(strings = {"testnode.xml", "testnodeinline.xml"})
    void loadsLibvirtsSampleNodes(String file) {
        try (Connection c = registry.open("test://" + samples().resolve(file))) {
            assertEquals(List.of("fv0", "fc4", "fc5"), c.domains().list().stream().map(DomainSummary::name).toList());
            // The topology is recomputed (4*4*4*2 = 128) and capped by <active>50</active>.
            assertEquals(50, c.host().nodeInfo().cpus());
            assertEquals(6000, c.host().nodeInfo().mhz());
            assertEquals("i986", c.host().nodeInfo().model());
            assertEquals(8192000, c.host().nodeInfo().memoryKiB());
            assertEquals(List.of(1, 2, 3), c.domains().list().stream().map(DomainSummary::id).toList());
            assertEquals(2, c.networks().list().size());
            var pool = c.storage().lookupPool("default-pool");
            var volumes = c.storage().listVolumes(pool.uuid());
            assertEquals("default-vol", volumes.get(0).name());
            assertEquals("/default-pool/default-vol", volumes.get(0).path());
            assertEquals(50000, c.storage().lookupPool("default-pool").allocation());
        }
    }

    @Test
    void nodeFilesOverTenMegabytesLoadAsInLibvirt(@TempDir Path dir) throws IOException {
        // 10,000 domains as virt-manager defines them take about 32 MB; libvirt loads them.
        StringBuilder xml = new StringBuilder("<node>\n");
        String padding = "<!-- " + "x".repeat(1000) + " -->\n";
        for (int i = 0; i < 12_000; i++) {
            xml.append("<domain type='test'><name>vm").append(i).append("</name><memory>65536</memory>")
                    .append("<os><type>hvm</type></os></domain>\n").append(padding);
        }
        Path node = Files.writeString(dir.resolve("big.xml"), xml.append("</node>\n"));
        assertTrue(Files.size(node) > 12_000_000);
        try (Connection c = registry.open("test://" + node, DriverChoice.BUILTIN)) {
            assertEquals(12_000, c.domains().list().size());
        }
    }

    @Test
    void devZeroIsNoNodeFile() {
        VirtException refused = assertThrows(VirtException.class,
                () -> registry.open("test:///dev/zero", DriverChoice.BUILTIN));
        assertEquals("Failed to read file '/dev/zero': not a regular file", refused.getMessage());
    }

    @Test
    void inlineNodeHonoursTheTestNamespaceRunState() {
        try (Connection c = registry.open("test://" + samples().resolve("testnodeinline.xml"))) {
            DomainSummary fc5 = c.domains().lookup("fc5");
            assertEquals(DomainState.PAUSED, fc5.state());
            String xml = c.domains().xml(fc5.uuid(), false);
            assertTrue(!xml.contains("runstate") && !xml.contains("xmlns:test"), xml);
        }
    }

    @Test
    void everySampleDomainNetworkAndPoolFileParses() throws IOException {
        try (var files = Files.list(samples())) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("testnode")) {
                    continue;
                }
                String root = new XmlParser().parse(Files.readString(file), name).name();
                if (root.equals("volume")) {
                    continue;
                }
                Path node = Files.createTempFile("node", ".xml");
                try {
                    Files.writeString(node, "<node><" + root + " file='" + file + "'/></node>");
                    try (Connection c = registry.open("test://" + node)) {
                        assertTrue(c.domains().list().size() + c.networks().list().size()
                                + c.storage().listPools().size() > 0 || root.equals("device"), name);
                    }
                } finally {
                    Files.delete(node);
                }
            }
        }
    }

    @Test
    void runStateDomainsAndTransientsFollowTheNamespace(@TempDir Path dir) throws IOException {
        Path node = dir.resolve("node.xml");
        Files.writeString(node, """
                <node>
                  <domain type='test' xmlns:t='http://libvirt.org/schemas/domain/test/1.0'>
                    <name>off</name><memory>1024</memory><os><type>hvm</type></os>
                    <t:runstate>5</t:runstate>
                  </domain>
                  <domain type='test' xmlns:t='http://libvirt.org/schemas/domain/test/1.0'>
                    <name>temp</name><memory>1024</memory><os><type>hvm</type></os>
                    <t:transient/>
                  </domain>
                </node>
                """);
        try (Connection c = registry.open("test://" + node)) {
            assertEquals(-1, c.domains().lookup("off").id());
            assertEquals(1, c.domains().lookup("temp").id());
            assertEquals(false, c.domains().lookup("temp").persistent());
        }
    }

    @Test
    void badNodeFilesSayWhatIsWrong(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.xml");
        assertEquals("Failed to open file '" + missing + "': No such file or directory",
                assertThrows(VirtException.class, () -> registry.open("test://" + missing)).getMessage());
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<node>\n<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
                + "<name>a</name><memory>1</memory><os><type>hvm</type></os><test:runstate>9</test:runstate></domain></node>");
        assertEquals("XML error: runstate '9' out of range'",
                assertThrows(VirtException.class, () -> registry.open("test://" + bad)).getMessage());
        assertEquals("invalid argument: testOpen: supply a path or use test:///default",
                assertThrows(VirtException.class, () -> registry.open("test:///")).getMessage());
    }
}
