package org.virtfx.app.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against QEMU's own VNC server on a UNIX socket: a diskless PC under TCG whose
 * SeaBIOS draws its text screen, with the boot menu held open long enough to press Escape.
 * QEMU is killed after every test, whatever happened.
 */
@Timeout(180)
class QemuVncTest {
    private static final int ESC_KEYSYM = 0xFF1B;
    private static final int ESC_SCANCODE = 0x01;
    private static final long BLACK = 0xFF000000L;

    @TempDir
    Path dir;
    private Process qemu;
    private VncClient client;

    @AfterEach
    void stopQemu() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (qemu != null) {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path startQemu(String vncOptions) throws Exception {
        Path vnc = dir.resolve("vnc.sock");
        List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-display", "none",
                "-vnc", "unix:" + vnc + vncOptions, "-nodefaults", "-vga", "std", "-machine", "pc,accel=tcg",
                "-m", "64", "-boot", "menu=on,splash-time=30000",
                "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off"));
        qemu = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile()).start();
        waitFor(() -> Files.exists(vnc) || !qemu.isAlive(), 20_000);
        assertTrue(qemu.isAlive(), () -> "QEMU exited at start: " + log());
        return vnc;
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("qemu.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Test
    void seaBiosTextScreenArrivesAndEscapeSentAsAScancodeOpensTheBootMenu() throws Exception {
        client = VncClient.connect(startQemu(""), null, new VncListener() { });
        client.start();
        Framebuffer fb = client.framebuffer();
        waitFor(() -> textRows(fb) >= 2, 60_000);
        assertEquals(List.of(720, 400), List.of(fb.width(), fb.height()), "VGA text mode: 80x25 cells of 9x16");
        assertTrue(client.sendsScancodes(), "QEMU announces its extended key events");
        // SeaBIOS prints its banner and "Press ESC for boot menu." and waits: let the screen settle.
        int settled = settledTextRows(fb);
        client.key(true, ESC_KEYSYM, ESC_SCANCODE);
        client.key(false, ESC_KEYSYM, ESC_SCANCODE);
        waitFor(() -> textRows(fb) > settled, 15_000);
        assertTrue(textRows(fb) > settled, "the boot menu adds lines to the " + settled + " of SeaBIOS's banner");
    }

    @Test
    void vncPasswordSetOverQmpIsRequiredAndAccepted() throws Exception {
        Path vnc = startQemu(",password=on");
        qmp("{\"execute\":\"set_password\",\"arguments\":{\"protocol\":\"vnc\",\"password\":\"s3cret\"}}");
        VncAuthenticationException refused = assertThrows(VncAuthenticationException.class,
                () -> VncClient.connect(vnc, "wrong", new VncListener() { }));
        assertTrue(refused.getMessage().startsWith("the server refused the VNC password"), refused.getMessage());
        assertThrows(VncAuthenticationException.class, () -> VncClient.connect(vnc, null, new VncListener() { }));

        client = VncClient.connect(vnc, "s3cret", new VncListener() { });
        client.start();
        waitFor(() -> textRows(client.framebuffer()) >= 2, 60_000);
        assertTrue(textRows(client.framebuffer()) >= 2, "SeaBIOS's text behind the password");
    }

    /** Runs one QMP command after the capabilities handshake and checks that it returned. */
    private void qmp(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(dir.resolve("qmp.sock")));
            StringBuilder received = new StringBuilder();
            readUntil(channel, received, "\"QMP\"");
            for (String line : List.of("{\"execute\":\"qmp_capabilities\"}", command)) {
                received.setLength(0);
                channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                readUntil(channel, received, "\"return\"");
            }
        }
    }

    private static void readUntil(SocketChannel channel, StringBuilder received, String marker) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (!received.toString().contains(marker)) {
            buffer.clear();
            if (channel.read(buffer) < 0 || received.toString().contains("\"error\"")) {
                throw new IOException("QMP answered " + received + " instead of " + marker);
            }
            received.append(StandardCharsets.UTF_8.decode(buffer.flip()));
        }
    }

    /**
     * Character rows (16 pixels high) with a lit pixel in their top twelve scan lines: lines of
     * text on screen. The blinking cursor lives in the bottom lines of its cell and is not counted.
     */
    private static int textRows(Framebuffer fb) {
        int rows = 0;
        int[] pixels = fb.pixels();
        int width = fb.width();
        for (int row = 0; row + 16 <= fb.height(); row += 16) {
            boolean lit = false;
            for (int i = row * width; i < (row + 12) * width && !lit; i++) {
                lit = (pixels[i] & 0xFFFFFFFFL) != BLACK && pixels[i] != 0;
            }
            rows += lit ? 1 : 0;
        }
        return rows;
    }

    /** The number of text rows once it has not changed for two seconds (or after 20 s). */
    private static int settledTextRows(Framebuffer fb) throws InterruptedException {
        int rows = textRows(fb);
        long stableSince = System.nanoTime();
        long deadline = stableSince + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(2) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            int now = textRows(fb);
            if (now != rows) {
                rows = now;
                stableSince = System.nanoTime();
            }
        }
        return rows;
    }

    private static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
