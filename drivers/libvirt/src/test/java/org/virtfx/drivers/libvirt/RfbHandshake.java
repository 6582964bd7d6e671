package org.virtfx.drivers.libvirt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;

/** The client's side of RFB 3.8 up to the server's init, with no authentication: enough to know a VNC server answers. */
final class RfbHandshake {
    private static final byte SECURITY_NONE = 1;

    private RfbHandshake() {
    }

    /** Greets, picks no security, shares the desktop and returns the framebuffer's width and height. */
    static int[] serverSize(ByteChannel vnc) throws IOException {
        String version = new String(read(vnc, 12).array(), StandardCharsets.US_ASCII);
        if (!version.equals("RFB 003.008\n")) {
            throw new IOException("not an RFB 3.8 server: " + version.strip());
        }
        write(vnc, version.getBytes(StandardCharsets.US_ASCII));
        int count = read(vnc, 1).get() & 0xff;
        ByteBuffer types = read(vnc, count);
        boolean none = false;
        while (types.hasRemaining()) {
            none |= types.get() == SECURITY_NONE;
        }
        if (!none) {
            throw new IOException("the server asks for authentication");
        }
        write(vnc, new byte[] {SECURITY_NONE});
        if (read(vnc, 4).getInt() != 0) {
            throw new IOException("the server refused the handshake");
        }
        write(vnc, new byte[] {1});
        ByteBuffer init = read(vnc, 4);
        return new int[] {init.getShort() & 0xffff, init.getShort() & 0xffff};
    }

    private static ByteBuffer read(ByteChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the server closed the connection");
            }
        }
        return buffer.flip();
    }

    private static void write(ByteChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
