package org.virtfx.plumbing.testhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A test's folder under /tmp for what runs from it (QEMU with its sockets and disks), in place
 * of JUnit's {@code @TempDir}, which a killed JVM leaves with its processes: this one is leased,
 * so the next test JVM's sweep ends them and removes it. Closing deletes it and gives the lease up.
 */
public final class LeasedFolder implements AutoCloseable {
    private final Path path;
    private final HostLease lease;

    private LeasedFolder(Path path, HostLease lease) {
        this.path = path;
        this.lease = lease;
    }

    /** Makes {@code /tmp/PREFIX-RANDOM} under a lease taken first. */
    public static LeasedFolder create(String prefix) {
        Path path = Path.of("/tmp", prefix + "-" + UUID.randomUUID());
        HostLease lease = HostLease.take(prefix, HostResources.folder(path));
        try {
            Files.createDirectory(path);
        } catch (IOException e) {
            lease.close();
            throw new UncheckedIOException("cannot make the test folder " + path, e);
        }
        return new LeasedFolder(path, lease);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            LeftoverSweep.deleteTree(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the test folder " + path, e);
        }
        lease.close();
    }
}
