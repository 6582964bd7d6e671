package org.virtfx.drivers.lxc;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The C library calls the LXC driver makes itself (the supervisor does the rest), bound by JNA
 * direct mapping. Each method is the C function of the same name; -1 means failure and
 * {@link Native#getLastError()} tells why.
 */
final class LibC {
    static final int O_RDWR = 2;
    static final int O_NOCTTY = 0x100;
    static final int O_CLOEXEC = 0x80000;
    /** {@code ioctl} request that sets a terminal's window size; the kernel then sends SIGWINCH. */
    static final long TIOCSWINSZ = 0x5414;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    /** {@code int open(const char *path, int flags)}. */
    static native int open(String path, int flags);

    /** {@code int close(int fd)}. */
    static native int close(int fd);

    /**
     * {@code int ioctl(int fd, unsigned long request, const struct winsize *ws)}, with the
     * structure's four {@code unsigned short}s (rows, columns, x and y pixels) as a short array.
     */
    static native int ioctl(int fd, long request, short[] winsize);
}
