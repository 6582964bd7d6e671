package org.virtfx.plumbing.netdev;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few C library calls host networking needs, bound by JNA direct mapping (no reflection
 * per call). Each method is the C function of the same name; a return of -1 means failure and
 * {@link #errno()} tells why. Sizes are {@code long} because VirtFX runs on 64-bit Linux only,
 * where {@code size_t} and {@code ssize_t} are 64 bits wide.
 */
final class LibC {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int O_DIRECTORY = 0x10000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int SOL_NETLINK = 270;

    static final int EINTR = 4;
    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EBUSY = 16;

    static {
        if (Native.LONG_SIZE != 8) {
            throw new IllegalStateException("VirtFX host networking needs a 64-bit Linux");
        }
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    /** {@code int socket(int domain, int type, int protocol)}: a new socket descriptor. */
    static native int socket(int domain, int type, int protocol);

    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t len)}. */
    static native int bind(int fd, Pointer addr, int len);

    /** {@code int setsockopt(int fd, int level, int name, const void *value, socklen_t len)}. */
    static native int setsockopt(int fd, int level, int name, Pointer value, int len);

    /** {@code ssize_t send(int fd, const void *buf, size_t len, int flags)}: bytes queued. */
    static native long send(int fd, Pointer buf, long len, int flags);

    /** {@code ssize_t recv(int fd, void *buf, size_t len, int flags)}: bytes received, one datagram. */
    static native long recv(int fd, Pointer buf, long len, int flags);

    /** {@code int open(const char *path, int flags)}: a file descriptor. */
    static native int open(String path, int flags);

    /** {@code int close(int fd)}. */
    static native int close(int fd);

    /**
     * {@code int setns(int fd, int nstype)}: moves the <em>calling thread</em> into the
     * namespace {@code fd} refers to. Linux keeps the network namespace per thread, which is
     * why {@link NetNamespace} calls it only on threads it starts and throws away.
     */
    static native int setns(int fd, int nstype);

    /** {@code int ioctl(int fd, unsigned long request, void *arg)} with a pointer argument. */
    static native int ioctl(int fd, long request, Pointer arg);

    /** {@code int ioctl(int fd, unsigned long request, unsigned long arg)} with a value argument. */
    static native int ioctl(int fd, long request, long arg);

    /** {@code char *strerror(int errnum)}: the C library's text for an errno value. */
    static native String strerror(int errnum);

    /** The calling thread's {@code errno} as JNA saved it right after the last native call. */
    static int errno() {
        return Native.getLastError();
    }
}
