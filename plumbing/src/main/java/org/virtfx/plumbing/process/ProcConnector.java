package org.virtfx.plumbing.process;

import com.sun.jna.Memory;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's process-events connector ({@code NETLINK_CONNECTOR}, {@code CN_IDX_PROC}): one
 * datagram socket on which the kernel multicasts an event as any process on the host forks,
 * execs or exits. A classic BPF filter on the socket keeps only the exits of whole processes
 * (pid equal to thread group id), so the kernel drops thread exits and every other event
 * before they wake anyone. The exit event is sent from {@code do_exit} right after
 * {@code exit_notify} made the process a zombie, not when its reaper collects it, so a late
 * reaper delays nothing; and a look at {@code /proc} after the event finds the zombie, which is
 * what lets {@link ProcessExits#watch} look once after putting a watch in place.
 *
 * <p>The kernel reports pids of the initial pid namespace and ignores listen requests from any
 * other pid or user namespace (the request is dropped silently), and it needs
 * {@code CAP_NET_ADMIN}; {@link #open()} refuses where it would stay silent.
 */
final class ProcConnector implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_CONNECTOR = 11;
    private static final int CN_IDX_PROC = 1;
    private static final int CN_VAL_PROC = 1;
    private static final short NLMSG_DONE = 3;
    private static final int PROC_CN_MCAST_LISTEN = 1;
    private static final int PROC_EVENT_EXIT = 0x80000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_ATTACH_FILTER = 26;
    private static final int SO_RCVBUF = 8;
    /** errno of a receive after the socket's queue overflowed: some events were lost. */
    static final int ENOBUFS = 105;
    private static final int EINTR = 4;
    /** Inode numbers of the initial pid and user namespaces (include/linux/proc_ns.h). */
    private static final long INIT_PID_NS = 0xEFFFFFFCL;
    private static final long INIT_USER_NS = 0xEFFFFFFDL;
    /** nlmsghdr (16 bytes) then cn_msg (20): where struct proc_event starts. */
    private static final int EVENT = 36;
    private static final int EXIT_PID = EVENT + 16;
    private static final int EXIT_TGID = EVENT + 20;

    private final int fd;
    private final Memory buffer = new Memory(4096);

    private ProcConnector(int fd) {
        this.fd = fd;
    }

    /** Subscribes a new socket to process exits; fails with the reason where events cannot come. */
    static ProcConnector open() throws IOException {
        if (namespaceInode("pid") != INIT_PID_NS || namespaceInode("user") != INIT_USER_NS) {
            throw new IOException("process events reach only the initial pid and user namespaces");
        }
        int fd = C.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
        if (fd < 0) {
            throw new IOException("cannot open a process-events socket: " + C.strerror(C.errno()));
        }
        ProcConnector connector = new ProcConnector(fd);
        try {
            connector.subscribe();
        } catch (IOException e) {
            connector.close();
            throw e;
        }
        return connector;
    }

    private void subscribe() throws IOException {
        Memory address = new Memory(12);
        address.clear();
        address.setShort(0, (short) AF_NETLINK);
        address.setInt(8, CN_IDX_PROC);
        check(C.bind(fd, address, 12), "bind to the process-events group");
        Memory size = new Memory(4);
        size.setInt(0, 1 << 20);
        // A burst of exits elsewhere on the host may still overflow it; the watcher then looks.
        C.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4);
        attachExitFilter();
        Memory request = new Memory(40);
        request.clear();
        request.setInt(0, 40);
        request.setShort(4, NLMSG_DONE);
        request.setInt(12, (int) ProcessHandle.current().pid());
        request.setInt(16, CN_IDX_PROC);
        request.setInt(20, CN_VAL_PROC);
        request.setShort(32, (short) 4);
        request.setInt(36, PROC_CN_MCAST_LISTEN);
        if (C.send(fd, request, 40, 0) != 40) {
            throw new IOException("cannot subscribe to process events: " + C.strerror(C.errno()));
        }
    }

    /**
     * Keeps whole-process exits: {@code what == PROC_EVENT_EXIT && pid == tgid}. Absolute loads
     * read words in network order, so the event code is compared byte-swapped.
     */
    private void attachExitFilter() throws IOException {
        short ldAbs = 0x20;
        short jeqK = 0x15;
        short jeqX = 0x1d;
        short tax = 0x07;
        short ret = 0x06;
        int[][] program = {
            {ldAbs, 0, 0, EVENT},
            {jeqK, 0, 5, Integer.reverseBytes(PROC_EVENT_EXIT)},
            {ldAbs, 0, 0, EXIT_TGID},
            {tax, 0, 0, 0},
            {ldAbs, 0, 0, EXIT_PID},
            {jeqX, 0, 1, 0},
            {ret, 0, 0, -1},
            {ret, 0, 0, 0},
        };
        Memory filter = new Memory(8L * program.length);
        for (int i = 0; i < program.length; i++) {
            filter.setShort(8L * i, (short) program[i][0]);
            filter.setByte(8L * i + 2, (byte) program[i][1]);
            filter.setByte(8L * i + 3, (byte) program[i][2]);
            filter.setInt(8L * i + 4, program[i][3]);
        }
        Memory fprog = new Memory(16);
        fprog.clear();
        fprog.setShort(0, (short) program.length);
        fprog.setPointer(8, filter);
        check(C.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, 16), "filter process events");
    }

    /**
     * Waits for the next exit and returns its pid; -1 when events were lost to an overflow, so
     * the caller must look at each process it watches.
     */
    long nextExit() throws IOException {
        while (true) {
            long n = C.recv(fd, buffer, buffer.size(), 0);
            if (n >= EXIT_TGID + 4) {
                return Integer.toUnsignedLong(buffer.getInt(EXIT_PID));
            }
            if (n < 0) {
                int errno = C.errno();
                if (errno == ENOBUFS) {
                    return -1;
                }
                if (errno != EINTR) {
                    throw new IOException("cannot receive process events: " + C.strerror(errno));
                }
            }
        }
    }

    @Override
    public void close() {
        C.close(fd);
    }

    private static long namespaceInode(String kind) throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/self/ns", kind)).toString();
        return Long.parseLong(link.substring(link.indexOf('[') + 1, link.length() - 1));
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException("cannot " + what + ": " + C.strerror(C.errno()));
        }
    }

    /** The C calls, each the function of the same name; -1 means failure and {@code errno()} tells why. */
    private static final class C {
        static {
            if (com.sun.jna.Native.LONG_SIZE != 8) {
                throw new IllegalStateException("process events need a 64-bit Linux");
            }
            com.sun.jna.Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int socket(int domain, int type, int protocol);

        static native int bind(int fd, Pointer addr, int len);

        static native int setsockopt(int fd, int level, int name, Pointer value, int len);

        static native long send(int fd, Pointer buf, long len, int flags);

        static native long recv(int fd, Pointer buf, long len, int flags);

        static native int close(int fd);

        static native String strerror(int errnum);

        static int errno() {
            return com.sun.jna.Native.getLastError();
        }
    }
}
