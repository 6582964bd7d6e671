package org.virtfx.core.netdev;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Runs iproute2's {@code ip} with an argument list: no shell ever sees a device or namespace
 * name, so names like {@code a;reboot} are just names (which the kernel then refuses).
 */
final class IpCommand {
    private static final List<Path> SEARCH = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"),
            Path.of("/usr/bin/ip"), Path.of("/bin/ip"));

    private final Path binary;

    IpCommand(Path binary) {
        this.binary = binary;
    }

    /** The {@code ip} found in the usual places, or an error naming the package to install. */
    static IpCommand locate() {
        return new IpCommand(SEARCH.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> VirtException.of(ErrorCode.NO_SUPPORT,
                        "iproute2's 'ip' was not found in /usr/sbin, /sbin, /usr/bin or /bin (install iproute2)")));
    }

    Path binary() {
        return binary;
    }

    /** What one run produced. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code prefix... ip args...}; the prefix is for {@code nsenter}, usually empty. */
    Result run(List<String> prefix, List<String> args, String stdin) {
        List<String> command = new ArrayList<>(prefix);
        command.add(binary.toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).start();
            // stderr is drained by a thread of its own so that a chatty error (ip -batch -force
            // over a thousand missing devices) can never fill the pipe and block stdout. Not the
            // common pool: with a hundred callers at once it would queue the drains.
            CompletableFuture<String> stderr = new CompletableFuture<>();
            Thread drainer = new Thread(() -> stderr.complete(drain(process.getErrorStream())), "ip-stderr");
            drainer.setDaemon(true);
            drainer.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String stdout = drain(process.getInputStream());
            int exit = process.waitFor();
            return new Result(exit, stdout, stderr.join());
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, "cannot run " + String.join(" ", command) + ": "
                    + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while running " + binary);
        }
    }

    Result run(List<String> args) {
        return run(List.of(), args, null);
    }

    private static String drain(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
