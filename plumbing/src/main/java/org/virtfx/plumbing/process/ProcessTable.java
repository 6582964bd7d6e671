package org.virtfx.plumbing.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.virtfx.core.error.VirtException;

/**
 * The host's processes as {@code /proc} lists them, found by what their command line names: a
 * process left by a killed VirtFX process (a QEMU, a supervisor) is no child of anyone who asks,
 * and its command line, which names its VM's or container's own files, is how it is known.
 */
public final class ProcessTable {

    /** A process and its command line, arguments separated by spaces. */
    public record Entry(long pid, String commandLine) {
        @Override
        public String toString() {
            return pid + " " + commandLine;
        }
    }

    private ProcessTable() {
    }

    /**
     * The processes whose command line contains {@code text}, by pid; one that ends while the
     * table is read is left out. Zombies have no command line, so ended processes never match.
     */
    public static List<Entry> naming(String text) {
        List<Entry> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String command = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').strip();
                    if (command.contains(text)) {
                        found.add(new Entry(Long.parseLong(proc.getFileName().toString()), command));
                    }
                } catch (IOException ended) {
                    // Gone between the listing and the read.
                }
            }
        } catch (IOException e) {
            throw VirtException.system("cannot list the processes in /proc", e);
        }
        found.sort(Comparator.comparingLong(Entry::pid));
        return found;
    }
}
