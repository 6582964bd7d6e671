package org.virtfx.plumbing.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * When a process that is not our child has ended. Such a process (left by a VirtFX process
 * that was killed) belongs to PID 1 once it exits, and PID 1 on machines of this kind reaps
 * about 2 s late; Java's {@link ProcessHandle#onExit()} waits for the reaping. A zombie has
 * ended all the same: it holds no sockets, files or memory any more.
 */
public final class ProcessEnds {
    private static final long POLL_MILLIS = 10;

    private ProcessEnds() {
    }

    /** True when {@code pid} is gone or a zombie. */
    public static boolean ended(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The state follows the command name, which is in parentheses and may hold any character.
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException | RuntimeException gone) {
            return true;
        }
    }

    /** Waits up to {@code timeout} for the process to end; true if it did. */
    public static boolean await(ProcessHandle process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended(process.pid())) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
