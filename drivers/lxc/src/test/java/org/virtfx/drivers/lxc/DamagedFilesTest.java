package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.RootTests;

/** What users, crashes and full disks do to the driver's folders, and what libvirt refuses up front. */
class DamagedFilesTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    void oneBadFileIsSkippedWithAWarningNamingItAndTheRestOfTheHostLoads() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            host.define("good1", "/bin/sleep", "infinity");
            host.define("good2", "/bin/sleep", "infinity");
            Path etc = host.directory.resolve("etc");
            Path run = host.directory.resolve("run");
            String full = Files.readString(etc.resolve("good1.xml"));
            Files.writeString(etc.resolve("cut.xml"), full.substring(0, full.length() / 2));
            Files.createDirectories(run);
            Files.writeString(run.resolve("junk.state"), "supervisor=twelve\n");
            Process dead = new ProcessBuilder("true").start();
            dead.waitFor();
            Path stale = etc.resolve(".good1.xml." + dead.pid() + "-42.new");
            Files.writeString(stale, "<dom");

            LxcConnection again = host.reopen();
            assertEquals(List.of("good1", "good2"), again.domains().list().stream().map(DomainSummary::name)
                    .sorted().toList());
            List<String> warnings = again.loadWarnings();
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("skipped " + etc.resolve("cut.xml") + ": "), warnings.toString());
            assertTrue(warnings.get(1).startsWith("skipped " + run.resolve("junk.state") + ": "), warnings.toString());
            assertFalse(Files.exists(stale), "a killed writer's temporary is removed at open");
        }
    }

    @Test
    void memoryMustBePositiveAndWithinTheHost() {
        try (LxcTestHost host = LxcTestHost.open()) {
            VirtException zero = assertThrows(VirtException.class, () -> host.connection.domains().define(
                    "<domain type='lxc'><name>m0</name><memory>0</memory><os><type>exe</type><init>/bin/sh</init>"
                            + "</os></domain>"));
            assertEquals("XML error: Memory size must be specified via <memory> or in the <numa> configuration",
                    zero.getMessage());
            VirtException huge = assertThrows(VirtException.class, () -> host.connection.domains().define(
                    "<domain type='lxc'><name>m1</name><memory unit='TiB'>1000</memory><os><type>exe</type>"
                            + "<init>/bin/sh</init></os></domain>"));
            assertTrue(huge.getMessage().startsWith("unsupported configuration: memory size 1073741824000 KiB exceeds"
                    + " the host's memory of "), huge.getMessage());
        }
    }
}
