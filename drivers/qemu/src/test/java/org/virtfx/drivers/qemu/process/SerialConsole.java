package org.virtfx.drivers.qemu.process;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The guest's serial port as QEMU serves it on a UNIX socket: type into it, wait for text out of it. */
public final class SerialConsole implements AutoCloseable {
    private final SocketChannel channel;
    private final StringBuilder seen = new StringBuilder();
    private final Thread reader;

    SerialConsole(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        reader = new Thread(this::read, "serial-console");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                synchronized (seen) {
                    seen.append(StandardCharsets.UTF_8.decode(buffer));
                    seen.notifyAll();
                }
                buffer.clear();
            }
        } catch (IOException ignored) {
            // The guest is gone; what it wrote stays in seen.
        }
    }

    /** Waits until {@code text} appears after position {@code from}; returns the position after it. */
    public int await(String text, int from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (seen) {
            while (true) {
                int at = seen.indexOf(text, from);
                if (at >= 0) {
                    return at + text.length();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no '" + text + "' on the serial console within " + timeout
                            + "; it showed:\n" + seen);
                }
                seen.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    public int length() {
        synchronized (seen) {
            return seen.length();
        }
    }

    public void type(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
