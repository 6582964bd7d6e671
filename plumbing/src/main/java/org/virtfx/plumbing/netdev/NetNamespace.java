package org.virtfx.plumbing.netdev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.process.HostProcess;

/**
 * A network namespace, known by a file that refers to it: {@code /run/netns/NAME} for the named
 * ones {@code ip netns} manages, {@code /proc/PID/ns/net} for a process's (a container's).
 *
 * @param name the name under {@code /run/netns}, empty when the namespace has none
 * @param path the file to open to refer to it
 */
public record NetNamespace(String name, Path path) {
    private static final Path RUN_NETNS = Path.of("/run/netns");
    private static final Path CURRENT = Path.of("/proc/self/ns/net");

    /** The namespace this process runs in. */
    public static NetNamespace current() {
        return new NetNamespace("", CURRENT);
    }

    /** The named namespace {@code ip netns} shows as {@code name}; it need not exist yet. */
    public static NetNamespace named(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}") || name.equals(".") || name.equals("..")) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "invalid network namespace name '" + name + "'");
        }
        return new NetNamespace(name, RUN_NETNS.resolve(name));
    }

    /** The namespace process {@code pid} runs in, as a container's init. */
    public static NetNamespace ofProcess(long pid) {
        return new NetNamespace("", Path.of("/proc", Long.toString(pid), "ns", "net"));
    }

    public boolean isCurrent() {
        return path.equals(CURRENT);
    }

    /**
     * Creates this named namespace with {@code ip netns add}, which also sets up the shared
     * {@code /run/netns} mount that lets other tools see it. Returns false if it already exists.
     */
    public boolean create() {
        requireNamed();
        if (Files.exists(path)) {
            return false;
        }
        HostProcess.Result result = IpCommand.locate().run(List.of("netns", "add", name));
        if (!result.ok()) {
            if (result.stderr().contains("File exists")) {
                return false;
            }
            throw VirtException.of(ErrorCode.OPERATION_FAILED,
                    "cannot create network namespace '" + name + "': " + result.stderr().strip());
        }
        return true;
    }

    /**
     * Deletes this named namespace; "already gone" is success. The kernel destroys the devices
     * inside once nothing else holds the namespace.
     */
    public void delete() {
        requireNamed();
        if (!Files.exists(path)) {
            return;
        }
        HostProcess.Result result = IpCommand.locate().run(List.of("netns", "delete", name));
        if (!result.ok() && Files.exists(path)) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED,
                    "cannot delete network namespace '" + name + "': " + result.stderr().strip());
        }
    }

    /**
     * Runs {@code work} on a new thread that first enters this namespace with {@code setns()},
     * and waits for it. The thread is thrown away afterwards, so no pooled thread of the
     * application ever ends up in a foreign namespace. Sockets and tap devices made by
     * {@code work} belong to this namespace for good.
     */
    public <T> T call(Callable<T> work) {
        if (isCurrent()) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, e.getMessage(), null, e);
            }
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                enter();
                result.set(work.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "netns-" + (name.isEmpty() ? path : name));
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while working in " + this);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        if (e != null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, e.getMessage(), null, e);
        }
        return result.get();
    }

    /** Opens the namespace file read-only; the caller closes the descriptor with {@link LibC#close}. */
    int open() {
        int fd = LibC.open(path.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) {
            int errno = LibC.errno();
            if (errno == LibC.ENOENT) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "network namespace " + this + " does not exist");
            }
            throw Netlink.systemError("cannot open network namespace " + this, errno);
        }
        return fd;
    }

    private void enter() {
        int fd = open();
        try {
            if (LibC.setns(fd, LibC.CLONE_NEWNET) < 0) {
                throw Netlink.systemError("cannot enter network namespace " + this, LibC.errno());
            }
        } finally {
            LibC.close(fd);
        }
    }

    private void requireNamed() {
        if (name.isEmpty()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "only named network namespaces can be created or deleted");
        }
    }

    @Override
    public String toString() {
        return name.isEmpty() ? path.toString() : "'" + name + "'";
    }
}
