package org.virtfx.app.vnc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFB handshake up to ServerInit (RFC 6143 7.1-7.3): version, security (None or VNC
 * Authentication) and initialisation. It speaks 3.8, and 3.7 and 3.3 to servers that offer no
 * more; every refusal or malformed answer becomes an exception saying which step failed.
 */
final class RfbHandshake {
    private static final Pattern VERSION = Pattern.compile("RFB (\\d{3})\\.(\\d{3})\n");
    private static final int NONE = 1;
    private static final int VNC_AUTH = 2;
    private static final int MAX_TEXT = 64 * 1024;

    private final RfbInput in;
    private final WritableByteChannel out;
    private final String password;

    RfbHandshake(RfbInput in, WritableByteChannel out, String password) {
        this.in = in;
        this.out = out;
        this.password = password;
    }

    ServerInit run() throws IOException {
        int minor = version();
        int security = minor >= 7 ? chooseSecurity() : securityOf33();
        if (security == VNC_AUTH) {
            authenticate();
        }
        // 3.8 always sends a SecurityResult; older versions only after VNC Authentication.
        if (security == VNC_AUTH || minor >= 8) {
            securityResult(minor, security);
        }
        write(ByteBuffer.wrap(new byte[] {1})); // ClientInit: shared, so a second viewer does not cut the first off
        int width = in.u16("the ServerInit width");
        int height = in.u16("the ServerInit height");
        PixelFormat format = PixelFormat.read(in);
        int nameLength = in.length("the desktop name length", MAX_TEXT);
        String name = new String(in.bytes(nameLength, "the desktop name"), StandardCharsets.UTF_8);
        return new ServerInit("3." + minor, width, height, format, name);
    }

    /** Reads the server's version, answers with the highest one both speak, and returns its minor number. */
    private int version() throws IOException {
        byte[] greeting = in.bytes(12, "the server's RFB version");
        String text = new String(greeting, StandardCharsets.ISO_8859_1);
        Matcher m = VERSION.matcher(text);
        if (!m.matches()) {
            throw new RfbProtocolException("the server did not greet with an RFB version but with '"
                    + text.strip() + "': is this a VNC socket?");
        }
        int major = Integer.parseInt(m.group(1));
        int serverMinor = Integer.parseInt(m.group(2));
        if (major < 3) {
            throw new RfbProtocolException("the server speaks RFB " + major + "." + serverMinor + "; this client needs 3.3 or later");
        }
        // Minor numbers between the published ones (3.4, 3.5, 3.6: vendor variants) fall back to 3.3, as the RFC says.
        int minor = major > 3 || serverMinor >= 8 ? 8 : serverMinor == 7 ? 7 : 3;
        write(ByteBuffer.wrap(String.format("RFB 003.%03d\n", minor).getBytes(StandardCharsets.ISO_8859_1)));
        return minor;
    }

    private int securityOf33() throws IOException {
        int type = in.s32("the RFB 3.3 security type");
        if (type == 0) {
            throw new RfbProtocolException("the server refused the connection: " + reason());
        }
        if (type != NONE && type != VNC_AUTH) {
            throw new VncAuthenticationException("the server requires security type " + type
                    + "; this client speaks None (1) and VNC Authentication (2)");
        }
        requirePasswordFor(type);
        return type;
    }

    private int chooseSecurity() throws IOException {
        int count = in.u8("the number of security types");
        if (count == 0) {
            throw new RfbProtocolException("the server refused the connection: " + reason());
        }
        List<Integer> offered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            offered.add(in.u8("a security type"));
        }
        int chosen;
        if (offered.contains(NONE)) {
            chosen = NONE;
        } else if (offered.contains(VNC_AUTH)) {
            chosen = VNC_AUTH;
        } else {
            throw new VncAuthenticationException("the server offers security types " + offered
                    + "; this client speaks None (1) and VNC Authentication (2)");
        }
        requirePasswordFor(chosen);
        write(ByteBuffer.wrap(new byte[] {(byte) chosen}));
        return chosen;
    }

    private void requirePasswordFor(int type) throws VncAuthenticationException {
        if (type == VNC_AUTH && password == null) {
            throw new VncAuthenticationException("the server asks for a VNC password and none was given");
        }
    }

    private void authenticate() throws IOException {
        byte[] challenge = in.bytes(16, "the VNC Authentication challenge");
        write(ByteBuffer.wrap(VncAuthentication.response(challenge, password)));
    }

    private void securityResult(int minor, int security) throws IOException {
        int result = in.s32("the security result");
        if (result != 0) {
            String why = minor >= 8 ? ": " + reason() : "";
            throw new VncAuthenticationException("the server refused "
                    + (security == VNC_AUTH ? "the VNC password" : "the connection") + why);
        }
    }

    private String reason() throws IOException {
        int length = in.length("the length of the server's reason", MAX_TEXT);
        return new String(in.bytes(length, "the server's reason"), StandardCharsets.UTF_8);
    }

    private void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
