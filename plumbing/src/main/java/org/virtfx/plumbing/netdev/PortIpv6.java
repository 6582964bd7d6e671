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
 * under {@code rtnl_lock}. libvirt leaves IPv6 on for its ports; NetworkManager turns it off
 * for bridge ports, as this does. The guest's own IPv6 is untouched.
 *
 * <p>Written before the guest's end is up: the kernel starts a port's IPv6 only when its link
 * comes up, so a port switched off first never gets an address or a route at all.
 */
final class PortIpv6 {
    private static final Path CONF = Path.of("/proc/sys/net/ipv6/conf");

    private PortIpv6() {
    }

    /**
     * Switches IPv6 off on each of {@code ports}, devices of {@code namespace}; on a host without
     * IPv6 there is nothing to do. {@code /proc/sys/net} shows the namespace of the thread that
     * opens it, so the writes come from one thread inside the namespace.
     *
     * @return the error for each port that could not be switched off, by name; empty when all were
     */
    static Map<String, VirtException> disable(NetNamespace namespace, List<String> ports) {
        if (ports.isEmpty()) {
            return Map.of();
        }
        return namespace.call(() -> {
            Map<String, VirtException> failures = new LinkedHashMap<>();
            if (!Files.isDirectory(CONF)) {
                return failures;
            }
            for (String port : ports) {
                Path file = CONF.resolve(DeviceName.require(port)).resolve("disable_ipv6");
                try {
                    Files.writeString(file, "1\n");
                } catch (NoSuchFileException gone) {
                    failures.put(port, VirtException.of(ErrorCode.NO_INTERFACE, "cannot switch off IPv6 on '" + port
                            + "': no such device in network namespace " + namespace));
                } catch (IOException e) {
                    failures.put(port, VirtException.system("cannot switch off IPv6 on '" + port + "'", e));
                }
            }
            return failures;
        });
    }
}
