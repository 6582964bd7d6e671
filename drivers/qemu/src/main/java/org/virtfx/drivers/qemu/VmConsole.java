package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.virtfx.core.domain.ConsoleStreams;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A VM's serial console: the UNIX socket QEMU listens on ({@code <serial type='unix'>} in bind
 * mode) or the pty it made ({@code <serial type='pty'>}, whose name QMP's
 * {@code query-chardev} tells), as {@code virsh console} opens it. Bytes pass unchanged both
 * ways; the guest's own terminal does echo and line editing.
 */
final class VmConsole implements DomainConsole {
    private final ReadableByteChannel reading;
    private final WritableByteChannel writing;

    private VmConsole(ReadableByteChannel reading, WritableByteChannel writing) {
        this.reading = reading;
        this.writing = writing;
    }

    static VmConsole socket(Path socket, String domainName) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new VmConsole(channel, channel);
        } catch (IOException e) {
            throw failed(domainName, e);
        }
    }

    static VmConsole pty(Path pty, String domainName) {
        try {
            // Two channels: one file channel reading and writing takes one lock for both, so a
            // pending read would block every keystroke.
            FileChannel in = FileChannel.open(pty, StandardOpenOption.READ);
            try {
                return new VmConsole(in, FileChannel.open(pty, StandardOpenOption.WRITE));
            } catch (IOException e) {
                in.close();
                throw e;
            }
        } catch (IOException e) {
            throw failed(domainName, e);
        }
    }

    private static VirtException failed(String domainName, IOException e) {
        return new VirtException(ErrorCode.OPERATION_FAILED, "cannot open the console of '" + domainName + "': "
                + e.getMessage(), null, e);
    }

    /** What the guest writes to its serial port. Ends when QEMU exits. */
    @Override
    public InputStream input() {
        return ConsoleStreams.input(ConsoleStreams.from(reading), this::close);
    }

    @Override
    public OutputStream output() {
        return ConsoleStreams.output(ConsoleStreams.to(writing), this::close);
    }

    /** A serial line carries no window size: the guest is told nothing, as with libvirt's serial consoles. */
    @Override
    public void resize(int columns, int rows) {
        ConsoleStreams.requireSize(columns, rows);
    }

    @Override
    public void close() {
        for (Channel channel : new Channel[] {reading, writing}) {
            try {
                channel.close();
            } catch (IOException alreadyClosed) {
                // Nothing to release.
            }
        }
    }
}
