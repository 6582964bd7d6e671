package org.virtfx.drivers.lxc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * cgroup v2: one directory per container under the driver's parent, with the memory, cpu and
 * pids controllers delegated to it through the parents' {@code cgroup.subtree_control}.
 * Freezing uses {@code cgroup.freeze} and killing {@code cgroup.kill} (Linux 5.14), which
 * kills every task of the group in one step.
 */
final class CgroupV2 implements CgroupHierarchy {
    private static final List<String> WANTED = List.of("cpu", "memory", "pids");

    private final Path mount;
    private final String parent;

    CgroupV2(Path mount, String parent) {
        this.mount = mount;
        this.parent = parent;
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public Cgroup create(String name) {
        Path parentDir = mount.resolve(parent);
        CgroupDirectories.ensure(parentDir);
        // Enable what the root offers, down to our parent; controllers a host lacks are skipped.
        delegate(mount);
        delegate(parentDir);
        Group group = open(name);
        CgroupDirectories.create(group.dir());
        return group;
    }

    private static void delegate(Path dir) {
        Set<String> available = Set.of(CgroupHierarchy.read(dir.resolve("cgroup.controllers")).split("\\s+"));
        StringBuilder enable = new StringBuilder();
        for (String controller : WANTED) {
            if (available.contains(controller)) {
                enable.append(enable.isEmpty() ? "" : " ").append('+').append(controller);
            }
        }
        if (!enable.isEmpty()) {
            CgroupHierarchy.write(dir.resolve("cgroup.subtree_control"), enable.toString());
        }
    }

    @Override
    public Group open(String name) {
        return new Group(mount.resolve(parent).resolve(name));
    }

    @Override
    public void removeParent() {
        CgroupDirectories.removeIfEmpty(mount.resolve(parent));
    }

    record Group(Path dir) implements Cgroup {

        @Override
        public List<Path> procsFiles() {
            return List.of(dir.resolve("cgroup.procs"));
        }

        @Override
        public void apply(ResourceLimits limits) {
            writeIfPresent("memory.max", Long.toString(limits.memoryBytes()));
            limits.cpuShares().ifPresent(s -> writeIfPresent("cpu.weight", Long.toString(CgroupHierarchy.sharesToWeight(s))));
            if (limits.pidsMax() > 0) {
                writeIfPresent("pids.max", Long.toString(limits.pidsMax()));
            }
        }

        private void writeIfPresent(String file, String value) {
            Path path = dir.resolve(file);
            if (Files.exists(path)) {
                CgroupHierarchy.write(path, value);
            }
        }

        @Override
        public void freeze() {
            CgroupHierarchy.write(dir.resolve("cgroup.freeze"), "1");
            CgroupHierarchy.awaitFrozen(() -> CgroupHierarchy.read(dir.resolve("cgroup.events")).contains("frozen 1"), this::thaw);
        }

        @Override
        public void thaw() {
            CgroupHierarchy.write(dir.resolve("cgroup.freeze"), "0");
        }

        @Override
        public boolean frozen() {
            return CgroupHierarchy.read(dir.resolve("cgroup.events")).contains("frozen 1");
        }

        @Override
        public long cpuTimeNanos() {
            for (String line : CgroupHierarchy.read(dir.resolve("cpu.stat")).split("\n")) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring(11).strip()) * 1000;
                }
            }
            return 0;
        }

        @Override
        public long memoryBytes() {
            Path current = dir.resolve("memory.current");
            return Files.exists(current) ? Long.parseLong(CgroupHierarchy.read(current)) : 0;
        }

        @Override
        public List<Long> pids() {
            return CgroupHierarchy.readPids(dir.resolve("cgroup.procs"));
        }

        @Override
        public void killAll() {
            CgroupHierarchy.writeUnlessGone(dir.resolve("cgroup.kill"), "1");
        }

        @Override
        public void remove() {
            CgroupDirectories.remove(dir);
        }
    }
}
