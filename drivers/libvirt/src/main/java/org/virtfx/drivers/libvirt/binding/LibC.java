package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few calls of the C library that a socket descriptor libvirt hands over needs
 * ({@link SocketDescriptorChannel}), and the process environment and terminal libvirt's children
 * inherit ({@link ProcessEnvironment}, {@link ControllingTerminal}). Each throws {@link LastErrorException} with errno on failure.
 */
final class LibC {
    /** {@code SHUT_RDWR}: no more receiving or sending on the socket. */
    static final int SHUT_RDWR = 2;
    /** {@code MSG_NOSIGNAL}: a send to a closed peer fails with EPIPE instead of raising SIGPIPE. */
    static final int MSG_NOSIGNAL = 0x4000;
    /** {@code EINTR}: a signal interrupted the call; it is simply made again. */
    static final int EINTR = 4;
    static final int O_RDWR = 2;
    /** {@code O_NOCTTY}: opening a terminal does not make it the controlling one. */
    static final int O_NOCTTY = 0x100;
    static final int O_CLOEXEC = 0x80000;
    /** {@code TIOCNOTTY}: the calling process gives up its controlling terminal. */
    static final long TIOCNOTTY = 0x5422;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    /** {@code ssize_t recv(int fd, void *buf, size_t len, int flags)}: bytes received, 0 at the end. */
    static native long recv(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    /** {@code ssize_t send(int fd, const void *buf, size_t len, int flags)}: bytes taken. */
    static native long send(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    /** {@code int shutdown(int fd, int how)}: wakes calls blocked on the socket in other threads. */
    static native int shutdown(int fd, int how) throws LastErrorException;

    /** {@code int close(int fd)}. */
    static native int close(int fd) throws LastErrorException;

    /** {@code int setenv(const char *name, const char *value, int overwrite)}. */
    static native int setenv(String name, String value, int overwrite) throws LastErrorException;

    /** {@code char *getenv(const char *name)}: the value, or null when unset. */
    static native String getenv(String name);

    /** {@code int open(const char *path, int flags)}: a descriptor. */
    static native int open(String path, int flags) throws LastErrorException;

    /** {@code int ioctl(int fd, unsigned long request, ...)} with one integer argument. */
    static native int ioctl(int fd, long request, long argument) throws LastErrorException;

    /** {@code pid_t getsid(pid_t pid)}: the session of the process, 0 for this one. */
    static native int getsid(int pid) throws LastErrorException;

    /** {@code pid_t getpid(void)}. */
    static native int getpid();
}
