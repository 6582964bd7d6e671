package org.virtfx.plumbing.netdev;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * One {@code NETLINK_ROUTE} socket (see netlink(7), rtnetlink(7)). A netlink socket belongs to
 * the network namespace of the thread that created it, for its whole life, so an instance
 * opened inside a namespace keeps working there from any thread.
 *
 * <p>Every exchange is one request and its answer under one lock: the kernel takes its own
 * {@code rtnl_lock} for link changes anyway, so a single socket per namespace loses nothing.
 * Requests ask for an acknowledgement ({@code NLM_F_ACK}); the socket is set up with
 * {@code NETLINK_EXT_ACK} so the kernel's own error text ("Unknown device type") reaches the
 * user, and {@code NETLINK_CAP_ACK} so it does not echo the whole request back.
 */
final class Netlink implements AutoCloseable {
    static final short RTM_NEWLINK = 16;
    static final short RTM_DELLINK = 17;
    static final short RTM_GETLINK = 18;
    static final short RTM_SETLINK = 19;
    static final short RTM_NEWADDR = 20;
    static final short RTM_GETADDR = 22;
    static final short RTM_NEWROUTE = 24;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_BROADCAST = 4;
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;

    static final short NLM_F_REQUEST = 0x1;
    static final short NLM_F_ACK = 0x4;
    static final short NLM_F_DUMP = 0x300;
    static final short NLM_F_EXCL = 0x200;
    static final short NLM_F_CREATE = 0x400;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_MASTER = 10;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_GROUP = 27;
    static final int IFLA_NUM_TX_QUEUES = 31;
    static final int IFLA_NUM_RX_QUEUES = 32;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int VETH_INFO_PEER = 1;
    static final int IFLA_BR_MCAST_SNOOPING = 23;
    static final int IFLA_BR_MCAST_QUERIER = 25;
    static final int IFF_UP = 0x1;
    static final int NLA_F_NESTED = 0x8000;

    private static final byte RT_TABLE_MAIN = (byte) 254;
    private static final byte RTPROT_STATIC = 4;
    private static final byte RT_SCOPE_UNIVERSE = 0;
    private static final byte RTN_UNICAST = 1;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final short NLM_F_ACK_TLVS = 0x200;
    private static final int NLMSGERR_ATTR_MSG = 1;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int HEADER = 16;
    private static final int RECEIVE_BUFFER = 64 * 1024;
    /**
     * The most messages one datagram of {@link #executeAll} carries: their acknowledgements
     * (one small packet each, about 1 KiB of receive buffer apiece with the kernel's overhead)
     * must all fit in the socket's default receive buffer (208 KiB) at once.
     */
    static final int BATCH_MESSAGES = 64;
    /** The most bytes one datagram of {@link #executeAll} carries, well under the send buffer. */
    private static final int BATCH_BYTES = 32 * 1024;

    private final int fd;
    private final ReentrantLock lock = new ReentrantLock();
    private final Memory sendBuffer = new Memory(BATCH_BYTES);
    private final Memory receiveBuffer = new Memory(RECEIVE_BUFFER);
    private int sequence;
    private boolean closed;

    private Netlink(int fd) {
        this.fd = fd;
    }

    /** Opens a socket in the calling thread's network namespace. */
    static Netlink open() {
        int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw systemError("cannot open a netlink socket", LibC.errno());
        }
        Memory one = new Memory(4);
        one.setInt(0, 1);
        // Both options are best effort: old kernels lack them and still answer correctly.
        LibC.setsockopt(fd, LibC.SOL_NETLINK, NETLINK_CAP_ACK, one, 4);
        LibC.setsockopt(fd, LibC.SOL_NETLINK, NETLINK_EXT_ACK, one, 4);
        Memory address = new Memory(12);
        address.clear();
        address.setShort(0, (short) LibC.AF_NETLINK);
        if (LibC.bind(fd, address, 12) < 0) {
            int errno = LibC.errno();
            LibC.close(fd);
            throw systemError("cannot bind a netlink socket", errno);
        }
        return new Netlink(fd);
    }

    /** The kernel's answer to a request: errno 0 for success, else the errno and its text. */
    record Ack(int errno, String message) {
        boolean ok() {
            return errno == 0;
        }
    }

    /** Sends a request that changes something and returns the kernel's acknowledgement. */
    Ack execute(Message request) {
        lock.lock();
        try {
            int seq = send(request, NLM_F_ACK);
            while (true) {
                for (ByteBuffer message : receive()) {
                    if (message.getInt(8) != seq) {
                        continue;
                    }
                    if (message.getShort(4) == NLMSG_ERROR) {
                        return ackOf(message);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends many requests that change something and returns the kernel's acknowledgement of
     * each, in order. They travel in as few datagrams as possible: the kernel carries out the
     * messages of one datagram one after another within the one {@code sendmsg}, acknowledging
     * each on its own (a refused one does not stop the rest), so a hundred requests cost one
     * system call and one wake-up instead of a hundred. A datagram holds at most
     * {@link #BATCH_MESSAGES} messages: every acknowledgement is queued on this socket before
     * {@code sendmsg} returns, and more than fit in the receive buffer would be dropped.
     */
    List<Ack> executeAll(List<Message> requests) {
        lock.lock();
        try {
            List<Ack> acks = new ArrayList<>(requests.size());
            int from = 0;
            while (from < requests.size()) {
                int to = from;
                int bytes = 0;
                List<byte[]> datagram = new ArrayList<>();
                int firstSeq = sequence + 1;
                while (to < requests.size() && datagram.size() < BATCH_MESSAGES) {
                    byte[] message = requests.get(to).finish(sequence + 1, NLM_F_ACK);
                    if (!datagram.isEmpty() && bytes + align(message.length) > BATCH_BYTES) {
                        break;
                    }
                    sequence++;
                    datagram.add(message);
                    bytes += align(message.length);
                    to++;
                }
                sendDatagram(datagram, bytes);
                Ack[] answered = new Ack[datagram.size()];
                int missing = answered.length;
                while (missing > 0) {
                    for (ByteBuffer message : receive()) {
                        int index = message.getInt(8) - firstSeq;
                        if (index >= 0 && index < answered.length && answered[index] == null
                                && message.getShort(4) == NLMSG_ERROR) {
                            answered[index] = ackOf(message);
                            missing--;
                        }
                    }
                }
                acks.addAll(List.of(answered));
                from = to;
            }
            return acks;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a {@code RTM_GET*} request for one object and returns the answer's payload (after
     * the netlink header), or the error.
     */
    Reply query(Message request) {
        lock.lock();
        try {
            int seq = send(request, (short) 0);
            while (true) {
                for (ByteBuffer message : receive()) {
                    if (message.getInt(8) != seq) {
                        continue;
                    }
                    if (message.getShort(4) == NLMSG_ERROR) {
                        return new Reply(null, ackOf(message));
                    }
                    return new Reply(payload(message), new Ack(0, ""));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A query's result: the payload, or (when null) the error in {@code ack}. */
    record Reply(ByteBuffer payload, Ack ack) {
    }

    /** Sends a dump request and collects the payload of every answer up to {@code NLMSG_DONE}. */
    List<ByteBuffer> dump(Message request) {
        lock.lock();
        try {
            int seq = send(request, NLM_F_DUMP);
            List<ByteBuffer> payloads = new ArrayList<>();
            while (true) {
                for (ByteBuffer message : receive()) {
                    if (message.getInt(8) != seq) {
                        continue;
                    }
                    int type = message.getShort(4);
                    if (type == NLMSG_DONE) {
                        return payloads;
                    }
                    if (type == NLMSG_ERROR) {
                        Ack ack = ackOf(message);
                        throw systemError("netlink dump failed: " + ack.message(), ack.errno());
                    }
                    payloads.add(payload(message));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private int send(Message request, short extraFlags) {
        int seq = ++sequence;
        byte[] bytes = request.finish(seq, extraFlags);
        sendDatagram(List.of(bytes), bytes.length);
        return seq;
    }

    /** Sends {@code messages} as one datagram, each starting at a 4-byte boundary. */
    private void sendDatagram(List<byte[]> messages, int length) {
        if (closed) {
            throw new IllegalStateException("netlink socket is closed");
        }
        Memory buffer = length <= sendBuffer.size() ? sendBuffer : new Memory(length);
        buffer.clear(length);
        int offset = 0;
        for (byte[] message : messages) {
            buffer.write(offset, message, 0, message.length);
            offset += align(message.length);
        }
        while (true) {
            long sent = LibC.send(fd, buffer, length, 0);
            if (sent >= 0) {
                return;
            }
            int errno = LibC.errno();
            if (errno != LibC.EINTR) {
                throw systemError("cannot send a netlink request", errno);
            }
        }
    }

    /** Receives one datagram and splits it into its netlink messages. */
    private List<ByteBuffer> receive() {
        long length;
        while (true) {
            length = LibC.recv(fd, receiveBuffer, RECEIVE_BUFFER, 0);
            if (length >= 0) {
                break;
            }
            int errno = LibC.errno();
            if (errno != LibC.EINTR) {
                throw systemError("cannot receive a netlink answer", errno);
            }
        }
        ByteBuffer all = ByteBuffer.wrap(receiveBuffer.getByteArray(0, (int) length)).order(ByteOrder.nativeOrder());
        List<ByteBuffer> messages = new ArrayList<>();
        int offset = 0;
        while (offset + HEADER <= length) {
            int messageLength = all.getInt(offset);
            if (messageLength < HEADER || offset + messageLength > length) {
                break;
            }
            messages.add(all.slice(offset, messageLength).order(ByteOrder.nativeOrder()));
            offset += align(messageLength);
        }
        return messages;
    }

    private static ByteBuffer payload(ByteBuffer message) {
        return message.slice(HEADER, message.limit() - HEADER).order(ByteOrder.nativeOrder());
    }

    /** {@code struct nlmsgerr}: a negative errno, the capped request header, then TLVs. */
    private static Ack ackOf(ByteBuffer message) {
        int errno = -message.getInt(HEADER);
        if (errno == 0) {
            return new Ack(0, "");
        }
        String text = LibC.strerror(errno);
        short flags = message.getShort(6);
        if ((flags & NLM_F_ACK_TLVS) != 0) {
            int offset = HEADER + 4 + HEADER;
            while (offset + 4 <= message.limit()) {
                int length = Short.toUnsignedInt(message.getShort(offset));
                int type = message.getShort(offset + 2) & 0x3fff;
                if (length < 4 || offset + length > message.limit()) {
                    break;
                }
                if (type == NLMSGERR_ATTR_MSG) {
                    text = text + " (" + cString(message, offset + 4, length - 4) + ")";
                }
                offset += align(length);
            }
        }
        return new Ack(errno, text);
    }

    static String cString(ByteBuffer buffer, int offset, int length) {
        int end = offset;
        while (end < offset + length && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    static VirtException systemError(String what, int errno) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, what + ": " + LibC.strerror(errno),
                "errno " + errno, null);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                LibC.close(fd);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A request being built: the 16-byte {@code struct nlmsghdr}, a fixed family header and
     * attributes ({@code struct rtattr}: length, type, value padded to 4 bytes), nested ones
     * opened and closed like brackets.
     */
    static final class Message {
        private ByteBuffer buffer = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        private final short type;
        private final short flags;

        Message(short type, short flags) {
            this.type = type;
            this.flags = flags;
            buffer.position(HEADER);
        }

        /** Appends {@code struct ifinfomsg}: family, type, index, flags and the change mask. */
        Message ifinfo(int index, int ifFlags, int change) {
            ensure(16);
            buffer.put((byte) 0).put((byte) 0).putShort((short) 0)
                    .putInt(index).putInt(ifFlags).putInt(change);
            return this;
        }

        /** Appends {@code struct ifaddrmsg}: family, prefix length, flags, scope, index. */
        Message ifaddr(int family, int prefixLength, int index) {
            ensure(8);
            buffer.put((byte) family).put((byte) prefixLength).put((byte) 0).put((byte) 0).putInt(index);
            return this;
        }

        /**
         * Appends {@code struct rtmsg} for a static unicast route of the main table: family,
         * destination prefix length, no source or TOS, table, protocol, scope, type, flags.
         */
        Message staticRoute(int family, int destinationLength) {
            ensure(12);
            buffer.put((byte) family).put((byte) destinationLength).put((byte) 0).put((byte) 0)
                    .put(RT_TABLE_MAIN).put(RTPROT_STATIC).put(RT_SCOPE_UNIVERSE).put(RTN_UNICAST).putInt(0);
            return this;
        }

        Message attribute(int attrType, byte[] value) {
            int length = 4 + value.length;
            ensure(align(length));
            buffer.putShort((short) length).putShort((short) attrType).put(value);
            pad();
            return this;
        }

        Message attribute(int attrType, int value) {
            ensure(8);
            buffer.putShort((short) 8).putShort((short) attrType).putInt(value);
            return this;
        }

        /** A NUL-terminated string attribute, as the kernel expects for names and kinds. */
        Message attribute(int attrType, String value) {
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            byte[] terminated = new byte[text.length + 1];
            System.arraycopy(text, 0, terminated, 0, text.length);
            return attribute(attrType, terminated);
        }

        /** Opens a nested attribute; returns the position to hand to {@link #end(int)}. */
        int begin(int attrType) {
            ensure(4);
            int start = buffer.position();
            buffer.putShort((short) 0).putShort((short) (attrType | NLA_F_NESTED));
            return start;
        }

        void end(int start) {
            buffer.putShort(start, (short) (buffer.position() - start));
        }

        byte[] finish(int seq, short extraFlags) {
            int length = buffer.position();
            buffer.putInt(0, length).putShort(4, type).putShort(6, (short) (NLM_F_REQUEST | flags | extraFlags))
                    .putInt(8, seq).putInt(12, 0);
            byte[] bytes = new byte[length];
            buffer.get(0, bytes);
            return bytes;
        }

        private void pad() {
            while ((buffer.position() & 3) != 0) {
                buffer.put((byte) 0);
            }
        }

        private void ensure(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2 + more).order(ByteOrder.nativeOrder());
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }
    }
}
