package org.virtfx.plumbing.virtnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.virtfx.core.net.MacAddress;
import org.virtfx.plumbing.netdev.NetNamespace;

/**
 * The smallest DHCPv6 client that gets an address from dnsmasq (RFC 8415: Solicit, Advertise,
 * Request, Reply), for tests: Debian's busybox has no {@code udhcpc6} and no other client is
 * installed. It runs on a thread inside the guest's namespace, so its socket is the guest's,
 * and identifies itself by a DUID-LL made of the interface's MAC, as many clients do.
 */
final class Dhcpv6Client {
    private static final int SOLICIT = 1;
    private static final int ADVERTISE = 2;
    private static final int REQUEST = 3;
    private static final int REPLY = 7;
    private static final int CLIENT_ID = 1;
    private static final int SERVER_ID = 2;
    private static final int IA_NA = 3;
    private static final int IA_ADDR = 5;
    private static final int ELAPSED_TIME = 8;
    private static final int CLIENT_FQDN = 39;
    private static final int IAID = 0x0c0ffee;

    private Dhcpv6Client() {
    }

    /**
     * Asks for an address on the device with index {@code ifindex} in {@code namespace}, trying
     * again each second (while the bridge's addresses are still tentative dnsmasq cannot answer)
     * until {@code seconds} have passed. The index, not the name: {@code NetworkInterface}
     * reads {@code /proc/self/net}, which shows the process's namespace, not the thread's.
     */
    static Optional<InetAddress> lease(NetNamespace namespace, int ifindex, MacAddress mac, String hostname,
                                       int seconds) {
        return namespace.call(() -> {
            InetAddress servers = Inet6Address.getByAddress(null, InetAddress.getByName("ff02::1:2").getAddress(),
                    ifindex);
            byte[] duid = ByteBuffer.allocate(10).putShort((short) 3).putShort((short) 1).put(mac.bytes()).array();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            try (DatagramSocket socket = new DatagramSocket(null)) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName("::"), 546));
                socket.setSoTimeout(1000);
                while (System.nanoTime() < deadline) {
                    byte[] xid = new byte[3];
                    ThreadLocalRandom.current().nextBytes(xid);
                    byte[] solicit = message(SOLICIT, xid, option(CLIENT_ID, duid), option(IA_NA, iaNa(new byte[0])),
                            option(ELAPSED_TIME, new byte[2]), option(CLIENT_FQDN, fqdn(hostname)));
                    try {
                        socket.send(new DatagramPacket(solicit, solicit.length, servers, 547));
                    } catch (IOException e) {
                        Thread.sleep(1000); // our link-local address is not usable yet
                        continue;
                    }
                    byte[] advertise = receive(socket, xid, ADVERTISE);
                    byte[] server = advertise == null ? null : find(advertise, 4, SERVER_ID);
                    byte[] offered = advertise == null ? null : find(advertise, 4, IA_NA);
                    if (server == null || offered == null) {
                        continue;
                    }
                    byte[] request = message(REQUEST, xid, option(CLIENT_ID, duid), option(SERVER_ID, server),
                            option(IA_NA, offered), option(ELAPSED_TIME, new byte[2]),
                            option(CLIENT_FQDN, fqdn(hostname)));
                    socket.send(new DatagramPacket(request, request.length, servers, 547));
                    byte[] reply = receive(socket, xid, REPLY);
                    byte[] ia = reply == null ? null : find(reply, 4, IA_NA);
                    byte[] address = ia == null ? null : find(ia, 12, IA_ADDR);
                    if (address != null) {
                        return Optional.of(InetAddress.getByAddress(Arrays.copyOf(address, 16)));
                    }
                }
            }
            return Optional.<InetAddress>empty();
        });
    }

    private static byte[] receive(DatagramSocket socket, byte[] xid, int type) throws IOException {
        byte[] buffer = new byte[1500];
        for (int tries = 0; tries < 3; tries++) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
            if (data.length >= 4 && (data[0] & 0xff) == type && Arrays.equals(Arrays.copyOfRange(data, 1, 4), xid)) {
                return data;
            }
        }
        return null;
    }

    /** The body of the first option {@code code} in the options that start at {@code offset}. */
    private static byte[] find(byte[] data, int offset, int code) {
        int at = offset;
        while (at + 4 <= data.length) {
            int type = (data[at] & 0xff) << 8 | (data[at + 1] & 0xff);
            int length = (data[at + 2] & 0xff) << 8 | (data[at + 3] & 0xff);
            if (at + 4 + length > data.length) {
                return null;
            }
            if (type == code) {
                return Arrays.copyOfRange(data, at + 4, at + 4 + length);
            }
            at += 4 + length;
        }
        return null;
    }

    private static byte[] iaNa(byte[] options) {
        return ByteBuffer.allocate(12 + options.length).putInt(IAID).putInt(0).putInt(0).put(options).array();
    }

    /** Client FQDN option body: no flags, then the name in DNS wire form. */
    private static byte[] fqdn(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(name.length());
        out.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] option(int code, byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putShort((short) code).putShort((short) body.length).put(body)
                .array();
    }

    private static byte[] message(int type, byte[] xid, byte[]... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.writeBytes(xid);
        for (byte[] option : options) {
            out.writeBytes(option);
        }
        return out.toByteArray();
    }
}
