package org.virtfx.plumbing.testhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostResourcesTest {
    @Test
    void aLeaseReadsBackWhatItNames() {
        HostResources resources = new HostResources(List.of("vfxlxc-1a2b"), List.of(Path.of("/tmp/virtfx-lxc-test-1a2b")),
                List.of("virtfx-test-1a2b"));
        List<String> lines = ("jvm 42\nfixture LxcTestHost\n" + resources.format()).lines().toList();

        assertEquals(resources, HostResources.parse(lines));
    }

    @Test
    void aLeaseRefusesWhatWouldLetASweepReachBeyondATestsOwn() {
        IllegalArgumentException shallow = assertThrows(IllegalArgumentException.class,
                () -> HostResources.folder(Path.of("/tmp")));
        assertTrue(shallow.getMessage().contains("'/tmp'"), shallow.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostResources.folder(Path.of("/tmp/a/../..")));
        assertThrows(IllegalArgumentException.class, () -> HostResources.folder(Path.of("tmp/virtfx")));
        assertThrows(IllegalArgumentException.class, () -> HostResources.namespace("../etc"));
        assertThrows(IllegalArgumentException.class,
                () -> new HostResources(List.of(), List.of(), List.of("/virtfx-test-1")));
        assertThrows(IllegalArgumentException.class,
                () -> new HostResources(List.of(), List.of(), List.of("../virtfx-test-1")));
    }

    @Test
    void aProcessNamesAFolderWhenAnArgumentIsItOrAFileInIt() {
        String folder = "/tmp/virtfx-lxc-test-1a2b";
        assertTrue(LeftoverSweep.names("--conf-file=/tmp/virtfx-lxc-test-1a2b/run/networks/kn0.conf", folder));
        assertTrue(LeftoverSweep.names(folder, folder));
        assertFalse(LeftoverSweep.names("/tmp/virtfx-lxc-test-1a2bc/run", folder), "a longer name is another folder");
        assertFalse(LeftoverSweep.names("--conf-file=/etc/dnsmasq.conf", folder));
    }
}
