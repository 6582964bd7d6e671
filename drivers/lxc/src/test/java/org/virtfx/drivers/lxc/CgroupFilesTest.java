package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.VirtException;

/**
 * A group's files fail while the exit watcher removes the group; that is "no tasks", not an
 * error. Any other failure still is one. A directory named like the file stands in for a file
 * that cannot be read, since a real group cannot be made to fail on demand.
 */
class CgroupFilesTest {

    @Test
    void aGroupRemovedWhileItsFileFailsHasNoTasks(@TempDir Path parent) throws Exception {
        Path group = Files.createDirectories(parent.resolve("lxc-gone").resolve("cgroup.procs")).getParent();
        CompletableFuture<Void> removal = CompletableFuture.runAsync(() -> {
            sleep(20);
            delete(group.resolve("cgroup.procs"));
            delete(group);
        });

        assertEquals(List.of(), CgroupHierarchy.readPids(group.resolve("cgroup.procs")));
        removal.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFailingFileOfAGroupThatStaysIsAnError(@TempDir Path parent) throws Exception {
        Path group = Files.createDirectories(parent.resolve("lxc-stays").resolve("cgroup.procs")).getParent();

        VirtException read = assertThrows(VirtException.class,
                () -> CgroupHierarchy.readPids(group.resolve("cgroup.procs")));
        VirtException write = assertThrows(VirtException.class,
                () -> CgroupHierarchy.writeUnlessGone(group.resolve("cgroup.procs"), "1"));

        assertTrue(read.getMessage().contains(group.resolve("cgroup.procs").toString()), read.getMessage());
        assertTrue(write.getMessage().contains("cannot write '1'"), write.getMessage());
    }

    @Test
    void writingToAGroupAlreadyGoneIsNotAnError(@TempDir Path parent) {
        assertDoesNotThrow(() -> CgroupHierarchy.writeUnlessGone(parent.resolve("lxc-never").resolve("cgroup.kill"), "1"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
