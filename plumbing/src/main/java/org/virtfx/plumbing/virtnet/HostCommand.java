package org.virtfx.plumbing.virtnet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.process.HostProcess;

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

    HostProcess.Result run(List<String> command, String stdin) {
        return HostProcess.run(inside(command), stdin);
    }
}
