package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Where containers' cgroups are made: a parent group of the driver's own ({@code virtfx} by
 * default, as libvirt uses {@code machine}) on the host's cgroup v1 controllers or its cgroup v2
 * tree. Each container gets {@code PARENT/lxc-UUID}: the UUID, not the name, since names may hold
 * any character.
 */
interface CgroupHierarchy {

    /** Creates the container's group (and the parent, if missing); fails if it exists. */
    Cgroup create(String name);

    /** The container's group as it is, for a driver that finds a running container again. */
    Cgroup open(String name);

    /** Removes the parent group if it is empty; for tests that used a parent of their own. */
    void removeParent();

    /** "v1" or "v2", for messages and the benchmark. */
    String version();

    /**
     * The host's hierarchy: v2 when {@code /sys/fs/cgroup} is a cgroup2 mount with controllers
     * (current desktops), otherwise the v1 controllers mounted there (this machine kind mounts
     * cpu, cpuacct, memory, freezer and pids separately, with an empty cgroup2 beside them).
     */
    static CgroupHierarchy detect(String parent) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path v2 = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length < 4) {
                    continue;
                }
                Path mountPoint = Path.of(f[1].replace("\\040", " "));
                if (f[2].equals("cgroup2") && mountPoint.equals(Path.of("/sys/fs/cgroup"))) {
                    v2 = mountPoint;
                } else if (f[2].equals("cgroup")) {
                    for (String option : f[3].split(",")) {
                        if (CgroupV1.CONTROLLERS.contains(option)) {
                            v1.putIfAbsent(option, mountPoint);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw VirtException.system("cannot read /proc/self/mounts", e);
        }
        if (v2 != null) {
            return new CgroupV2(v2, parent);
        }
        if (!v1.containsKey("freezer")) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED,
                    "no cgroup v2 at /sys/fs/cgroup and no v1 freezer controller: cannot run containers");
        }
        return new CgroupV1(v1, parent);
    }

    /** libvirt's conversion from CPU shares (2..262144) to a v2 weight (1..10000). */
    static long sharesToWeight(long shares) {
        long clamped = Math.max(2, Math.min(262144, shares));
        return 1 + ((clamped - 2) * 9999) / 262142;
    }

    /**
     * Waits until {@code frozen} holds: a freeze stays in progress until every task has stopped,
     * which takes microseconds to milliseconds. After 5 s it runs {@code thaw} and fails, so a
     * container is never left half frozen.
     */
    static void awaitFrozen(BooleanSupplier frozen, Runnable thaw) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!frozen.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                thaw.run();
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "the container did not freeze within 5 s");
            }
            try {
                // A millisecond's sleep keeps a CPU free meanwhile.
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while freezing");
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw VirtException.system("cannot read " + file, e);
        }
    }

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw VirtException.system("cannot write '" + value + "' to " + file, e);
        }
    }

    /**
     * Writes to a control file of a group that may be gone: the exit of a container's last
     * task races with its stop, and a group already removed needs no more control.
     */
    static void writeUnlessGone(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            if (!removedMeanwhile(file.getParent())) {
                throw VirtException.system("cannot write '" + value + "' to " + file, e);
            }
        }
    }

    static List<Long> readPids(Path procs) {
        try {
            return Files.readString(procs).lines().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
        } catch (IOException e) {
            // The kernel removes a group only once no task is left in it.
            if (removedMeanwhile(procs.getParent())) {
                return List.of();
            }
            throw VirtException.system("cannot read " + procs, e);
        }
    }

    /**
     * Whether a group whose file just failed is being removed (by the container's exit watcher,
     * racing a destroy). A file opened just before the removal fails with ENODEV while the
     * directory may still be listed for a moment, so wait briefly for it to vanish rather than
     * reading the errno's text, which depends on the locale.
     */
    private static boolean removedMeanwhile(Path group) {
        long deadline = System.nanoTime() + 100_000_000L;
        while (Files.exists(group)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
