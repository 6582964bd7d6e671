package org.virtfx.core.virtnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.netdev.NetNamespace;

/**
 * Runs a host tool ({@code nft}, {@code dnsmasq}) inside the network namespace the driver's
 * devices live in, through util-linux's {@code nsenter}, always with an argument list: no
 * shell ever sees a network or device name.
 */
final class HostCommand {
    private final NetNamespace namespace;

    HostCommand(NetNamespace namespace) {
        this.namespace = namespace;
    }

    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The full command line for {@code command} inside the namespace. */
    List<String> inside(List<String> command) {
        if (namespace.isCurrent()) {
            return command;
        }
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + namespace.path(), "--"));
        full.addAll(command);
        return full;
    }

    /** Starts a long-running process (a daemon kept in the foreground) inside the namespace. */
    Process start(List<String> command) {
        List<String> full = inside(command);
        try {
            return new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, "cannot run " + full.get(0) + ": " + e.getMessage(),
                    String.join(" ", full), e);
        }
    }

    Result run(List<String> command, String stdin) {
        List<String> full = inside(command);
        try {
            Process process = new ProcessBuilder(full).start();
            CompletableFuture<String> stderr = new CompletableFuture<>();
            Thread drainer = new Thread(() -> stderr.complete(drain(process.getErrorStream())), "command-stderr");
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
            throw new VirtException(ErrorCode.SYSTEM_ERROR, "cannot run " + full.get(0) + ": " + e.getMessage(),
                    String.join(" ", full), e);
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
