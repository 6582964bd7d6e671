package org.virtfx.drivers.libvirt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A test JVM with a {@link PrivateLibvirtd} and a {@link PrivateSshd} open, to be killed by
 * {@link KilledDaemonsSweepTest}: writes both folders to {@code INFO-FILE}, says it is ready
 * and waits (for its SIGKILL).
 *
 * <p>Arguments: info file, the user key sshd accepts.
 */
public final class DaemonHolder {
    private DaemonHolder() {
    }

    public static void main(String[] args) throws Exception {
        Path info = Path.of(args[0]);
        PrivateLibvirtd daemon = PrivateLibvirtd.start();
        PrivateSshd sshd = PrivateSshd.start(Path.of(args[1]), Optional.empty());
        Path written = Files.createTempFile(info.getParent(), "info", ".tmp");
        Files.writeString(written, daemon.directory() + "\n" + sshd.directory() + "\n");
        Files.move(written, info, StandardCopyOption.ATOMIC_MOVE);
        Files.createFile(Path.of(System.getProperty("ready")));
        Thread.sleep(Long.MAX_VALUE);
    }
}
