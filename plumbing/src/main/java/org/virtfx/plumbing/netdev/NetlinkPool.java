package org.virtfx.plumbing.netdev;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Netlink sockets of one namespace, one per concurrent caller. One shared socket would be
 * enough for the kernel's sake ({@code rtnl_lock} serialises link changes), but not for ours:
 * deleting a device returns only after the kernel has waited out RCU grace periods, outside
 * {@code rtnl_lock}, and a single socket would make every other caller wait for that too. A
 * socket is opened in the namespace when no idle one is left and kept for reuse.
 */
final class NetlinkPool implements AutoCloseable {
    /** Sockets kept beyond this many idle ones are closed: a burst should not pin fds forever. */
    private static final int MAX_IDLE = 16;

    private final NetNamespace namespace;
    private final ConcurrentLinkedQueue<Netlink> idle = new ConcurrentLinkedQueue<>();
    private final List<Netlink> all = new ArrayList<>();
    private boolean closed;

    NetlinkPool(NetNamespace namespace) {
        this.namespace = namespace;
        // Open one now, so that a missing namespace fails at open and not at first use.
        idle.add(track(namespace.call(Netlink::open)));
    }

    Netlink.Ack execute(Netlink.Message request) {
        return with(socket -> socket.execute(request));
    }

    List<Netlink.Ack> executeAll(List<Netlink.Message> requests) {
        return with(socket -> socket.executeAll(requests));
    }

    Netlink.Reply query(Netlink.Message request) {
        return with(socket -> socket.query(request));
    }

    List<ByteBuffer> dump(Netlink.Message request) {
        return with(socket -> socket.dump(request));
    }

    private <T> T with(Function<Netlink, T> exchange) {
        Netlink socket = idle.poll();
        if (socket == null) {
            socket = track(namespace.call(Netlink::open));
        }
        try {
            return exchange.apply(socket);
        } finally {
            release(socket);
        }
    }

    private void release(Netlink socket) {
        if (idle.size() < MAX_IDLE) {
            idle.add(socket);
            return;
        }
        synchronized (this) {
            all.remove(socket);
        }
        socket.close();
    }

    private synchronized Netlink track(Netlink socket) {
        if (closed) {
            socket.close();
            throw new IllegalStateException("netlink sockets for " + namespace + " are closed");
        }
        all.add(socket);
        return socket;
    }

    @Override
    public synchronized void close() {
        closed = true;
        all.forEach(Netlink::close);
        all.clear();
        idle.clear();
    }
}
