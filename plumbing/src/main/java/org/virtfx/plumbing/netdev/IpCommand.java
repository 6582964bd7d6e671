package org.virtfx.plumbing.netdev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.process.HostProcess;

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

    /** Runs {@code prefix... ip args...}; the prefix is for {@code nsenter}, usually empty. */
    HostProcess.Result run(List<String> prefix, List<String> args, String stdin) {
        List<String> command = new ArrayList<>(prefix);
        command.add(binary.toString());
        command.addAll(args);
        return HostProcess.run(command, stdin);
    }

    HostProcess.Result run(List<String> args) {
        return run(List.of(), args, null);
    }
}
