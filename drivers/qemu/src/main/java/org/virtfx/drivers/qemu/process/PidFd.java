package org.virtfx.drivers.qemu.process;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Process descriptors (Linux 5.3+), bound by JNA direct mapping: a descriptor of another
 * process that becomes readable the moment it exits, whoever its parent is. Each method is the
 * C function of the same name; -1 means failure and {@link Native#getLastError()} tells why.
 */
final class PidFd {
    /** {@code SYS_pidfd_open} on x86_64 (and every architecture added since 5.3). */
    static final long SYS_PIDFD_OPEN = 434;
    static final short POLLIN = 1;
    static final int EINTR = 4;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private PidFd() {
    }

    /** {@code long syscall(long number, ...)}, here {@code pidfd_open(pid_t pid, unsigned int flags)}. */
    static native int syscall(long number, int pid, int flags);

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)} with one {@code pollfd},
     * given as two ints: the descriptor, then {@code events} in the low and {@code revents} in
     * the high half of the second (x86_64 is little-endian).
     */
    static native int poll(int[] pollfd, long nfds, int timeoutMillis);

    /** {@code int close(int fd)}. */
    static native int close(int fd);
}
