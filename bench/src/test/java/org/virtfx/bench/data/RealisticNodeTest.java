package org.virtfx.bench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.bench.data.RealisticDomains.Mix;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.network.NetworkSummary;

class RealisticNodeTest {
    private static final int DOMAINS = 250;
    private static final Path VIRSH = Path.of("/usr/bin/virsh");

    @TempDir
    Path dir;

    @Test
    void virtfxAndVirshLoadTheSameDomainsInTheSameStates() throws Exception {
        Path node = RealisticNode.write(dir.resolve("node.xml"), DOMAINS);
        Map<String, String> virtfx = new TreeMap<>();
        // VirtFX's own test driver, not libvirt's, which claims test:/// as well.
        try (Connection connection = DriverRegistry.discover().open("test://" + node, DriverChoice.BUILTIN)) {
            for (DomainSummary domain : connection.domains().list()) {
                virtfx.put(domain.name(), domain.state().label());
            }
            assertEquals(List.of("default", "lab"),
                    connection.networks().list().stream().map(NetworkSummary::name).sorted().toList());
            // Every domain's disk is a volume of the default pool, as virt-manager makes it.
            var pool = connection.storage().lookupPool(RealisticDomains.POOL);
            assertEquals(DOMAINS, connection.storage().listVolumes(pool.uuid()).size());
        }
        assertEquals(DOMAINS, virtfx.size());
        assertEquals(150, virtfx.values().stream().filter("running"::equals).count());
        assertEquals(25, virtfx.values().stream().filter("paused"::equals).count());
        assertEquals(75, virtfx.values().stream().filter("shut off"::equals).count());

        // CI installs virsh (libvirt-clients); a developer's machine may lack it.
        assumeTrue(Files.isExecutable(VIRSH) || "true".equals(System.getenv("CI")), "virsh is not installed");
        assertEquals(virtfx, virshStates(node));
    }

    @Test
    void everyDomainIsDifferentAndTheSameOnEveryRun() {
        assertEquals(RealisticDomains.nodeDomainXml(7, Mix.WORKSTATION), RealisticDomains.nodeDomainXml(7, Mix.WORKSTATION));
        assertTrue(RealisticDomains.nodeDomainXml(3, Mix.WORKSTATION).contains("<source network='lab'/>"));
        assertTrue(!RealisticDomains.nodeDomainXml(4, Mix.WORKSTATION).contains("<source network='lab'/>"));
        assertTrue(RealisticDomains.nodeDomainXml(9, Mix.ALL_RUNNING).contains("<test:runstate>1</test:runstate>"));
        assertTrue(RealisticDomains.nodeDomainXml(9, Mix.WORKSTATION).contains("<test:runstate>5</test:runstate>"));
        assertEquals("52:54:00:00:4e:1f", RealisticDomains.mac(9_999, 1));
        assertTrue(!RealisticDomains.name(1).equals(RealisticDomains.name(6)));
    }

    /** Name to state, from {@code virsh list --all} on the same file. */
    private static Map<String, String> virshStates(Path node) throws IOException, InterruptedException {
        Process virsh = new ProcessBuilder(VIRSH.toString(), "-c", "test://" + node, "list", "--all")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(virsh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(virsh.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, virsh.exitValue(), out);
        Map<String, String> states = new TreeMap<>();
        // " Id    Name   State": rows after the rule; the state may be two words ("shut off").
        out.lines().skip(2).filter(line -> !line.isBlank()).forEach(line -> {
            String[] words = line.trim().split("\\s+", 3);
            states.put(words[1], words[2].trim());
        });
        return states;
    }
}
