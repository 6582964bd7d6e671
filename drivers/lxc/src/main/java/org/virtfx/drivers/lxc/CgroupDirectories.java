package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** Making and removing cgroup directories, with the kernel's quirks in one place. */
final class CgroupDirectories {
    private CgroupDirectories() {
    }

    static void create(Path dir) {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cgroup " + dir
                    + " already exists: is the container running under another process?");
        } catch (IOException e) {
            throw VirtException.system("cannot create cgroup " + dir, e);
        }
    }

    static void ensure(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw VirtException.system("cannot create cgroup " + dir, e);
        }
    }

    /**
     * Removes a cgroup directory. rmdir fails with EBUSY while the kernel still counts a task
     * that has exited but is not yet released, which lasts a few milliseconds after the
     * container's init was reaped; so retry for a while before reporting.
     */
    static void remove(Path dir) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (true) {
            try {
                Files.delete(dir);
                return;
            } catch (NoSuchFileException gone) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw VirtException.system("cannot remove cgroup " + dir, e);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw VirtException.system("interrupted while removing cgroup " + dir, e);
                }
            }
        }
    }

    /** Removes a parent group only if nothing is left under it. */
    static void removeIfEmpty(Path dir) {
        try {
            Files.delete(dir);
        } catch (IOException stillUsedOrGone) {
            // A parent shared with running containers stays; that is the point.
        }
    }
}
