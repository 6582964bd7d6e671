package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.process.ProcessExits;

/**
 * A container's write-ahead record, next to its live XML in the state directory
 * ({@code NAME.state} beside {@code NAME.xml}, as libvirt keeps {@code /run/libvirt/lxc/NAME.xml}).
 * A start writes it before it makes anything (phase {@code starting}, with the cgroup it is
 * about to create), again once the supervisor runs (its pid and start time, so a reused pid is
 * not mistaken for it, and init's pid), and last, after init is released, with the host ends
 * and the console's terminal (phase {@code running}). Whatever step a killed process stopped
 * at, the next one finds either a running container to adopt or a record of everything to undo.
 */
record ContainerStateFile(UUID uuid, Phase phase, String cgroup, long supervisorPid, long supervisorStart,
                          long initPid, List<String> hostEnds, String terminal) {
    /** A state file is a few lines; anything larger is not one of ours. */
    private static final long LIMIT = 64 * 1024;

    /** How far the start had got when the record was written. */
    enum Phase { STARTING, RUNNING }

    /** The first record of a start: nothing made yet but the name of the cgroup about to be. */
    static ContainerStateFile starting(UUID uuid) {
        return new ContainerStateFile(uuid, Phase.STARTING, Container.cgroupName(uuid), 0, 0, 0, List.of(), "");
    }

    /** The record once the supervisor runs, init still parked. */
    ContainerStateFile withSupervisor(long pid, long startTime, long init) {
        return new ContainerStateFile(uuid, Phase.STARTING, cgroup, pid, startTime, init, hostEnds, terminal);
    }

    /** The record of a container that runs. */
    ContainerStateFile running(List<String> ends, String pty) {
        return new ContainerStateFile(uuid, Phase.RUNNING, cgroup, supervisorPid, supervisorStart, initPid, ends, pty);
    }

    static Path path(Path stateDirectory, String name) {
        return stateDirectory.resolve(name + ".state");
    }

    static Path liveXml(Path stateDirectory, String name) {
        return stateDirectory.resolve(name + ".xml");
    }

    /** Writes the record, atomically and durably. */
    void write(Path stateDirectory, String name) {
        AtomicFiles.write(path(stateDirectory, name), "uuid=" + uuid + "\n" + "phase=" + phase.name().toLowerCase()
                + "\n" + "cgroup=" + cgroup + "\n" + "supervisor=" + supervisorPid + "\n" + "supervisorStart="
                + supervisorStart + "\n" + "init=" + initPid + "\n" + "hostEnds=" + String.join(",", hostEnds) + "\n"
                + "terminal=" + terminal + "\n");
    }

    /** Writes the live XML, then the record that makes the container count as running. */
    void writeRunning(Path stateDirectory, String name, String liveXml) {
        AtomicFiles.write(liveXml(stateDirectory, name), liveXml);
        write(stateDirectory, name);
    }

    /** The record in {@code file}, or an error naming the file and what is wrong with it. */
    static ContainerStateFile read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : BoundedFiles.read(file, LIMIT).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String key : List.of("uuid", "phase", "cgroup", "supervisor", "supervisorStart", "init")) {
            if (!values.containsKey(key)) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "malformed container state file '" + file
                        + "': no " + key + "= line");
            }
        }
        try {
            List<String> ends = new ArrayList<>();
            for (String end : values.getOrDefault("hostEnds", "").split(",")) {
                if (!end.isEmpty()) {
                    ends.add(end);
                }
            }
            return new ContainerStateFile(UUID.fromString(values.get("uuid")),
                    Phase.valueOf(values.getOrDefault("phase", "").toUpperCase()), values.get("cgroup"),
                    Long.parseLong(values.get("supervisor")), Long.parseLong(values.get("supervisorStart")),
                    Long.parseLong(values.get("init")), ends, values.getOrDefault("terminal", ""));
        } catch (RuntimeException e) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "malformed container state file '" + file + "': "
                    + e.getMessage());
        }
    }

    /** Whether the supervisor this record names is the same process still (pid and start time). */
    boolean supervisorAlive() {
        return supervisorPid > 0 && startTime(supervisorPid) == supervisorStart;
    }

    /** Whether this record names the same supervisor as {@code other}. */
    boolean sameSupervisor(ContainerStateFile other) {
        return supervisorPid == other.supervisorPid && supervisorStart == other.supervisorStart;
    }

    static void delete(Path stateDirectory, String name) {
        try {
            Files.deleteIfExists(path(stateDirectory, name));
            Files.deleteIfExists(liveXml(stateDirectory, name));
        } catch (IOException e) {
            throw VirtException.system("cannot delete the state of container '" + name + "'", e);
        }
    }

    /**
     * A process's start time in clock ticks since boot ({@code /proc/PID/stat} field 22), or -1
     * when it is gone. Together with the pid it names one process for the life of the host.
     */
    static long startTime(long pid) {
        return ProcessExits.startTime(pid);
    }
}
