package org.virtfx.drivers.qemu.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Drains QEMU's standard output and error on a thread of its own (a full pipe would stall
 * QEMU) and keeps the last lines, which name the cause when QEMU dies at start.
 */
final class OutputTail {
    private static final int KEEP = 10;
    private final Deque<String> lines = new ArrayDeque<>();
    private final Thread thread;

    OutputTail(InputStream output, String name) {
        thread = new Thread(() -> drain(output), "qemu-output-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void drain(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.addLast(line);
                    if (lines.size() > KEEP) {
                        lines.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // The pipe closes when QEMU exits; what was read is kept.
        }
    }

    /** The last lines QEMU wrote, once it has exited and the pipe is drained. */
    String lastLines() {
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
