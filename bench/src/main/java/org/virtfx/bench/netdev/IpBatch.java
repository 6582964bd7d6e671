package org.virtfx.bench.netdev;

import java.util.List;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.process.HostProcess;

/**
 * The benches' kernel floor: commands fed to one {@code ip -batch} inside a namespace, one process
 * and one netlink socket, no Java in the way, so nearly all of the time is the kernel's.
 */
public final class IpBatch {
    private IpBatch() {
    }

    /** Runs {@code commands} (one per line) with {@code ip -n NAMESPACE -batch -}; fails on the first error. */
    public static void run(NetNamespace namespace, String commands) {
        HostProcess.Result result = HostProcess.run(List.of("ip", "-n", namespace.name(), "-batch", "-"), commands);
        if (!result.ok()) {
            throw new IllegalStateException("ip -batch failed: " + result.stderr().strip());
        }
    }
}
