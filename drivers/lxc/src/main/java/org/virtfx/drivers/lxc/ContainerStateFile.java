package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.error.VirtException;

/**
 * What a restarted application needs to find a running container again, next to its live XML
 * in the state directory ({@code NAME.state} beside {@code NAME.xml}, as libvirt keeps
 * {@code /run/libvirt/lxc/NAME.xml}): the supervisor's pid and start time (so a reused pid is
 * not mistaken for it), init's pid, the host ends of its interfaces and the console's terminal.
 */
record ContainerStateFile(long supervisorPid, long supervisorStart, long initPid, List<String> hostEnds,
                          String terminal) {

    static Path path(Path stateDirectory, String name) {
        return stateDirectory.resolve(name + ".state");
    }

    static Path liveXml(Path stateDirectory, String name) {
        return stateDirectory.resolve(name + ".xml");
    }

    void write(Path stateDirectory, String name, String liveXml) {
        AtomicFiles.write(liveXml(stateDirectory, name), liveXml);
        AtomicFiles.write(path(stateDirectory, name), "supervisor=" + supervisorPid + "\n"
                + "supervisorStart=" + supervisorStart + "\n" + "init=" + initPid + "\n"
                + "hostEnds=" + String.join(",", hostEnds) + "\n" + "terminal=" + terminal + "\n");
    }

    static Optional<ContainerStateFile> read(Path file) {
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            List<String> ends = new ArrayList<>();
            for (String end : values.getOrDefault("hostEnds", "").split(",")) {
                if (!end.isEmpty()) {
                    ends.add(end);
                }
            }
            return Optional.of(new ContainerStateFile(Long.parseLong(values.get("supervisor")),
                    Long.parseLong(values.get("supervisorStart")), Long.parseLong(values.get("init")), ends,
                    values.getOrDefault("terminal", "")));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
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
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces and parentheses: count from its end.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[19]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }
}
