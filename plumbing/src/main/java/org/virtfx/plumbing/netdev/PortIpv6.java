package org.virtfx.plumbing.netdev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Keeps the host end of a guest interface, a bridge port, out of IPv6 ({@code disable_ipv6}).
 * A port only carries the guest's frames; the kernel would otherwise give it a link-local
 * address of its own once the guest's end comes up, with duplicate address detection,
 * multicast listener reports and a router solicitation into the guest, and two routes in the
 * namespace's table, where every port's {@code fe80::/64} and {@code ff00::/8} routes hang off
 * the same two nodes. The kernel walks the whole table whenever a port's link changes or
 * a port goes, so with a thousand ports each start and each stop paid for all the others,
 * under {@code rtnl_lock}. libvirt leaves IPv6 on for its ports (ADR 0004 says why this does
 * not). The guest's own IPv6 is untouched.
 *
 * <p>Written before the guest's end is up: the kernel starts a port's IPv6 only when its link
 * comes up, so a port switched off first never gets an address or a route at all.
 *
 * <p>{@code /proc/sys/net} shows the namespace of the thread that looks a name up in it. For a
 * namespace other than ours, its {@code conf} directory is opened once from a thread inside it
 * and kept: names looked up under that descriptor are that namespace's, from any thread, so a
 * port costs one write and no thread of its own.
 */
final class PortIpv6 implements AutoCloseable {
    private static final Path CONF = Path.of("/proc/sys/net/ipv6/conf");
    /** {@link #confDirectory} when it is not opened yet. */
    private static final int UNOPENED = -2;
    /** {@link #confDirectory} when the namespace has no IPv6 at all. */
    private static final int NO_IPV6 = -1;

    private final NetNamespace namespace;
    /** The namespace's {@code conf} directory; guarded by this. */
    private int confDirectory = UNOPENED;
    private boolean closed;

    PortIpv6(NetNamespace namespace) {
        this.namespace = namespace;
    }

    /**
     * Switches IPv6 off on each of {@code ports}, devices of the namespace; where the namespace
     * has no IPv6 there is nothing to do.
     *
     * @return the error for each port that could not be switched off, by name; empty when all were
     */
    // Synchronized with close(): the kept descriptor's number must not be closed and reused
    // by another file while a write goes through it.
    synchronized Map<String, VirtException> disable(List<String> ports) {
        Map<String, VirtException> failures = new LinkedHashMap<>();
        if (ports.isEmpty()) {
            return failures;
        }
        Path conf = conf();
        if (conf == null) {
            return failures;
        }
        for (String port : ports) {
            try {
                Files.writeString(conf.resolve(DeviceName.require(port)).resolve("disable_ipv6"), "1\n");
            } catch (NoSuchFileException gone) {
                failures.put(port, VirtException.of(ErrorCode.NO_INTERFACE, "cannot switch off IPv6 on '" + port
                        + "': no such device in network namespace " + namespace));
            } catch (IOException e) {
                failures.put(port, VirtException.system("cannot switch off IPv6 on '" + port + "'", e));
            }
        }
        return failures;
    }

    /** Where the namespace's per-device IPv6 switches are seen from this thread; null without IPv6. */
    private synchronized Path conf() {
        if (closed) {
            throw new IllegalStateException("IPv6 switches of " + namespace + " are closed");
        }
        if (namespace.isCurrent()) {
            return Files.isDirectory(CONF) ? CONF : null;
        }
        if (confDirectory == UNOPENED) {
            confDirectory = namespace.call(() -> {
                if (!Files.isDirectory(CONF)) {
                    return NO_IPV6;
                }
                int fd = LibC.open(CONF.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
                if (fd < 0) {
                    throw Netlink.systemError("cannot open " + CONF + " in network namespace " + namespace,
                            LibC.errno());
                }
                return fd;
            });
        }
        return confDirectory == NO_IPV6 ? null : Path.of("/proc/self/fd", Integer.toString(confDirectory));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (confDirectory >= 0) {
            LibC.close(confDirectory);
        }
        confDirectory = UNOPENED;
    }
}
