package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Collects what a console writes, on a thread of its own, until the console ends or fails. */
final class ConsoleReader {
    private final StringBuilder text = new StringBuilder();
    private final CompletableFuture<Void> end = new CompletableFuture<>();

    ConsoleReader(InputStream in) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (text) {
                        text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        text.notifyAll();
                    }
                }
                end.complete(null);
            } catch (IOException e) {
                end.completeExceptionally(e);
            }
        }, "console reader");
        thread.setDaemon(true);
        thread.start();
    }

    String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    boolean seen(String wanted) {
        return text().contains(wanted);
    }

    void await(String wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (text) {
            while (!text.toString().contains(wanted)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(text, left);
            }
        }
    }

    /**
     * Types {@code command} (with a carriage return) until what the console wrote since shows
     * {@code expected}: the guest's shell may not be up yet, and what it printed before the
     * console was open is gone. Fails with what the guest wrote when the time runs out.
     */
    void typeUntilSeen(OutputStream out, String command, String expected, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!seen(expected)) {
            if (System.nanoTime() > deadline) {
                fail("the guest's shell did not answer '" + command + "' with " + expected + " on its serial console within "
                        + within + "; it wrote:\n" + text());
            }
            out.write((command + "\r").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await(expected, Duration.ofSeconds(3));
        }
    }

    boolean ended(Duration within) throws InterruptedException {
        try {
            end.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException failed) {
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
