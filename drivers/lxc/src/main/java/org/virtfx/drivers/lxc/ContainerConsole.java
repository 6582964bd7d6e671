package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.virtfx.core.domain.ConsoleStreams;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A running container's console: the terminal its init has as stdin, stdout, stderr and
 * {@code /dev/console}, which the supervisor serves on a unix socket in the state directory.
 * Bytes pass unchanged both ways; the container's side is a normal terminal (echo, line
 * editing), so a client shows what it reads and sends what the user types. One client at a
 * time: opening the console takes it over from an earlier client, as {@code virsh console
 * --force} does. While nobody is connected, output goes to the container's log file.
 */
public final class ContainerConsole implements DomainConsole {
    private final SocketChannel channel;
    private final String terminal;

    private ContainerConsole(SocketChannel channel, String terminal) {
        this.channel = channel;
        this.terminal = terminal;
    }

    static Path socketPath(Path stateDirectory, java.util.UUID uuid) {
        return stateDirectory.resolve("console").resolve(uuid + ".sock");
    }

    /**
     * @param terminal the console's pty as the host sees it ({@code /dev/pts/N}), for resizes
     */
    static ContainerConsole connect(Path socket, String terminal, String domainName) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new ContainerConsole(channel, terminal);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, "cannot open the console of '" + domainName + "': "
                    + e.getMessage(), null, e);
        }
    }

    /** What the container writes to its terminal. Ends when the container stops. */
    @Override
    public InputStream input() {
        return ConsoleStreams.input(ConsoleStreams.from(channel), this::close);
    }

    /** What the container reads from its terminal: the user's keystrokes. */
    @Override
    public OutputStream output() {
        return ConsoleStreams.output(ConsoleStreams.to(channel), this::close);
    }

    /**
     * Tells the container its terminal's size, as a terminal window does on resize: the kernel
     * records it on the pty and sends SIGWINCH to the container's foreground processes.
     */
    @Override
    public void resize(int columns, int rows) {
        ConsoleStreams.requireSize(columns, rows);
        if (columns > 0xffff || rows > 0xffff) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "invalid console size " + columns + "x" + rows);
        }
        int fd = LibC.open(terminal, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot open console terminal " + terminal
                    + ": errno " + com.sun.jna.Native.getLastError());
        }
        try {
            if (LibC.ioctl(fd, LibC.TIOCSWINSZ, new short[] {(short) rows, (short) columns, 0, 0}) < 0) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot resize console terminal " + terminal
                        + ": errno " + com.sun.jna.Native.getLastError());
            }
        } finally {
            LibC.close(fd);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException alreadyClosed) {
            // Nothing to release.
        }
    }
}
