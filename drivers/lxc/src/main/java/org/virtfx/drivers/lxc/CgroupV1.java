package org.virtfx.drivers.lxc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cgroup v1: one directory per controller hierarchy ({@code /sys/fs/cgroup/memory/virtfx/lxc-U}
 * and so on; co-mounted controllers such as {@code cpu,cpuacct} share one). cpuset is left
 * out: a new v1 cpuset group holds no task until its cpus and mems are copied from the parent,
 * and containers here are not pinned.
 */
final class CgroupV1 implements CgroupHierarchy {
    static final Set<String> CONTROLLERS = Set.of("cpu", "cpuacct", "memory", "freezer", "pids");

    private final Map<String, Path> mounts;
    private final String parent;

    CgroupV1(Map<String, Path> mounts, String parent) {
        this.mounts = Map.copyOf(mounts);
        this.parent = parent;
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public Cgroup create(String name) {
        Group group = open(name);
        List<Path> made = new ArrayList<>();
        try {
            for (Path dir : group.dirs()) {
                CgroupDirectories.ensure(dir.getParent());
                CgroupDirectories.create(dir);
                made.add(dir);
            }
        } catch (RuntimeException e) {
            made.forEach(CgroupDirectories::remove);
            throw e;
        }
        return group;
    }

    @Override
    public Group open(String name) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        mounts.forEach((controller, mount) -> dirs.put(controller, mount.resolve(parent).resolve(name)));
        return new Group(dirs);
    }

    @Override
    public void removeParent() {
        new LinkedHashSet<>(mounts.values()).forEach(m -> CgroupDirectories.removeIfEmpty(m.resolve(parent)));
    }

    /** A container's group in each hierarchy. */
    record Group(Map<String, Path> byController) implements Cgroup {

        List<Path> dirs() {
            return List.copyOf(new LinkedHashSet<>(byController.values()));
        }

        @Override
        public List<Path> procsFiles() {
            return dirs().stream().map(d -> d.resolve("cgroup.procs")).toList();
        }

        @Override
        public void apply(ResourceLimits limits) {
            Path memory = byController.get("memory");
            if (memory != null) {
                CgroupHierarchy.write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
            }
            Path cpu = byController.get("cpu");
            if (cpu != null && limits.cpuShares().isPresent()) {
                CgroupHierarchy.write(cpu.resolve("cpu.shares"), Long.toString(limits.cpuShares().get()));
            }
            Path pids = byController.get("pids");
            if (pids != null && limits.pidsMax() > 0) {
                CgroupHierarchy.write(pids.resolve("pids.max"), Long.toString(limits.pidsMax()));
            }
        }

        @Override
        public void freeze() {
            Path state = freezer().resolve("freezer.state");
            CgroupHierarchy.write(state, "FROZEN");
            // FREEZING until every task has stopped; the kernel finishes it on the next read.
            CgroupHierarchy.awaitFrozen(() -> CgroupHierarchy.read(state).equals("FROZEN"),
                    () -> CgroupHierarchy.write(state, "THAWED"));
        }

        @Override
        public void thaw() {
            CgroupHierarchy.write(freezer().resolve("freezer.state"), "THAWED");
        }

        @Override
        public boolean frozen() {
            return CgroupHierarchy.read(freezer().resolve("freezer.state")).equals("FROZEN");
        }

        @Override
        public long cpuTimeNanos() {
            Path cpuacct = byController.get("cpuacct");
            return cpuacct == null ? 0 : Long.parseLong(CgroupHierarchy.read(cpuacct.resolve("cpuacct.usage")));
        }

        @Override
        public long memoryBytes() {
            Path memory = byController.get("memory");
            return memory == null ? 0 : Long.parseLong(CgroupHierarchy.read(memory.resolve("memory.usage_in_bytes")));
        }

        @Override
        public List<Long> pids() {
            return CgroupHierarchy.readPids(freezer().resolve("cgroup.procs"));
        }

        @Override
        public void killAll() {
            for (long pid : pids()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            // A frozen task stays frozen with SIGKILL pending until thawed.
            CgroupHierarchy.writeUnlessGone(freezer().resolve("freezer.state"), "THAWED");
        }

        @Override
        public void remove() {
            dirs().forEach(CgroupDirectories::remove);
        }

        private Path freezer() {
            return byController.get("freezer");
        }
    }
}
