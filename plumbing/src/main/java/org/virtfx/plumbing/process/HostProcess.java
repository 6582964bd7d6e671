package org.virtfx.plumbing.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Runs a host tool ({@code ip}, {@code nft}, ...) to completion with an argument list, never a
 * shell, so that device and network names are only ever arguments.
 */
public final class HostProcess {

    private HostProcess() {
    }

    /** What one run produced. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command}, feeding it {@code stdin} (or nothing when null). */
    public static Result run(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).start();
            // stderr is drained by a thread of its own so that a chatty error (ip -batch -force
            // over a thousand missing devices) can never fill the pipe and block stdout. Not the
            // common pool: with a hundred callers at once it would queue the drains.
            CompletableFuture<String> stderr = new CompletableFuture<>();
            Thread drainer = new Thread(() -> stderr.complete(drain(process.getErrorStream())),
                    command.get(0) + "-stderr");
            drainer.setDaemon(true);
            drainer.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String stdout = drain(process.getInputStream());
            return new Result(process.waitFor(), stdout, stderr.join());
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, "cannot run " + command.get(0) + ": " + e.getMessage(),
                    String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while running " + command.get(0));
        }
    }

    private static String drain(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
