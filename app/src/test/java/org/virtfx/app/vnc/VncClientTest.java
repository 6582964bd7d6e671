package org.virtfx.app.vnc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.vnc.ScriptedRfbServer.Message;

/** The client against a scripted RFB server: the handshake's variants, each encoding's framing, input and errors. */
class VncClientTest {
    private static final int RED = 0xFF0000;
    private static final int GREEN = 0x00FF00;
    private static final int BLUE = 0x0000FF;
    private static final int GREY = 0x808080;
    private static final int WHITE = 0xFFFFFF;

    @TempDir
    Path dir;
    private ScriptedRfbServer server;
    private final Recorder recorder = new Recorder();
    private VncClient client;

    @BeforeEach
    void listen() throws IOException {
        server = new ScriptedRfbServer(dir);
    }

    @AfterEach
    void closeBoth() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private CompletableFuture<VncClient> connecting(String password) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return VncClient.connect(server.socket(), password, recorder);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private VncClient session(int width, int height) throws Exception {
        CompletableFuture<VncClient> connected = connecting(null);
        server.handshake(width, height);
        client = connected.get(5, TimeUnit.SECONDS);
        client.start();
        return client;
    }

    /** Sends an update and waits for the client to decode it and ask for the next one. */
    private List<Rect> update(Message rects, int count) throws Exception {
        server.send(new Message().u8(0).pad(1).u16(count).raw(rects.bytes()));
        List<Rect> dirty = recorder.nextUpdate();
        ByteBuffer request = server.read(10);
        assertEquals(3, request.get(0));
        assertEquals(1, request.get(1), "after an update the client asks for what changes next");
        return dirty;
    }

    private static IOException failure(CompletableFuture<VncClient> connecting) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connecting.get(5, TimeUnit.SECONDS));
        return (IOException) e.getCause().getCause();
    }

    @Test
    void handshakeReportsTheServersScreenAndAsksForPixelsItCopiesAsIs() throws Exception {
        CompletableFuture<VncClient> connected = connecting(null);
        assertEquals("RFB 003.008\n", server.greet("003.008"));
        server.send(new Message().u8(2).u8(2).u8(1));
        assertEquals(1, server.read(1).get(), "None is chosen over VNC Authentication when both are offered");
        server.send(new Message().u32(0));
        server.read(1);
        server.send(ScriptedRfbServer.serverInit(640, 480, "débian"));
        int[] encodings = server.readSetUp();
        client = connected.get(5, TimeUnit.SECONDS);
        assertEquals(new ServerInit("3.8", 640, 480, client.serverInit().pixelFormat(), "débian"), client.serverInit());
        assertEquals(640, client.framebuffer().width());
        assertArrayEquals(new int[] {16, 1, 0, -223, -308, -239, -258, -224}, encodings,
                "ZRLE, CopyRect, Raw, DesktopSize, ExtendedDesktopSize, Cursor, QEMU keys, LastRect");
    }

    @Test
    void rawPixelsLandAsOpaqueArgbAndTheirRectangleIsDirty() throws Exception {
        session(8, 4);
        List<Rect> dirty = update(new Message().rect(2, 1, 2, 2, 0).pixel(RED).pixel(GREEN).pixel(BLUE).pixel(WHITE), 1);
        assertEquals(List.of(new Rect(2, 1, 2, 2)), dirty);
        Framebuffer fb = client.framebuffer();
        assertEquals(0xFFFF0000, fb.pixel(2, 1));
        assertEquals(0xFF00FF00, fb.pixel(3, 1));
        assertEquals(0xFF0000FF, fb.pixel(2, 2));
        assertEquals(0xFFFFFFFF, fb.pixel(3, 2));
    }

    @Test
    void copyRectMovesPixelsEvenWhenSourceAndTargetOverlap() throws Exception {
        session(4, 4);
        Message column = new Message().rect(0, 0, 1, 4, 0);
        for (int rgb : new int[] {RED, GREEN, BLUE, WHITE}) {
            column.pixel(rgb);
        }
        update(column, 1);
        // Scroll the column down by one row: source and target overlap in three rows.
        List<Rect> dirty = update(new Message().rect(0, 1, 1, 3, 1).u16(0).u16(0), 1);
        assertEquals(List.of(new Rect(0, 1, 1, 3)), dirty);
        Framebuffer fb = client.framebuffer();
        assertEquals(List.of(0xFFFF0000, 0xFFFF0000, 0xFF00FF00, 0xFF0000FF),
                List.of(fb.pixel(0, 0), fb.pixel(0, 1), fb.pixel(0, 2), fb.pixel(0, 3)));
    }

    @Test
    void zrleDecodesEveryTileKindInOneZlibStreamAcrossRectanglesAndUpdates() throws Exception {
        session(80, 40);
        Deflater deflater = new Deflater();
        Message rects = new Message();
        // Raw tile (subencoding 0).
        rects.rect(0, 0, 2, 1, 16).zlib(deflater, new Message().u8(0).cpixel(RED).cpixel(GREEN));
        // Solid tile (1).
        rects.rect(4, 0, 3, 2, 16).zlib(deflater, new Message().u8(1).cpixel(BLUE));
        // Two-colour packed palette (2): one bit per pixel, 9 pixels a row so each row pads to 2 bytes.
        rects.rect(0, 2, 9, 2, 16).zlib(deflater, new Message().u8(2).cpixel(GREY).cpixel(WHITE)
                .u8(0b01000000).u8(0b10000000).u8(0b00000000).u8(0b00000000));
        // Five-colour packed palette (5): four bits per pixel.
        rects.rect(0, 4, 3, 1, 16).zlib(deflater, new Message().u8(5).cpixel(RED).cpixel(GREEN).cpixel(BLUE)
                .cpixel(GREY).cpixel(WHITE).u8(0x43).u8(0x20));
        update(rects, 4);
        Framebuffer fb = client.framebuffer();
        assertEquals(0xFFFF0000, fb.pixel(0, 0));
        assertEquals(0xFF00FF00, fb.pixel(1, 0));
        assertEquals(0xFF0000FF, fb.pixel(6, 1));
        assertEquals(0xFF808080, fb.pixel(0, 2));
        assertEquals(0xFFFFFFFF, fb.pixel(1, 2));
        assertEquals(0xFFFFFFFF, fb.pixel(8, 2), "the ninth pixel is bit 7 of the row's second byte");
        assertEquals(0xFF808080, fb.pixel(1, 3));
        assertEquals(List.of(0xFFFFFFFF, 0xFF808080, 0xFF0000FF), List.of(fb.pixel(0, 4), fb.pixel(1, 4), fb.pixel(2, 4)));

        // A later update goes on in the same zlib stream: plain RLE (128) with a 300-pixel run over
        // several rows of a 20x20 tile, then a 100-pixel run.
        Message rle = new Message().rect(0, 6, 20, 20, 16).zlib(deflater,
                new Message().u8(128).cpixel(RED).u8(255).u8(44).cpixel(GREEN).u8(99));
        // Palette RLE (130, two colours) in a 70-pixel-wide rectangle, whose second tile is solid.
        rle.rect(0, 30, 70, 1, 16).zlib(deflater, new Message().u8(130).cpixel(BLUE).cpixel(WHITE)
                .u8(0x80).u8(9).u8(0x01).u8(0x80).u8(52).u8(1).cpixel(GREY));
        List<Rect> dirty = update(rle, 2);
        assertEquals(List.of(new Rect(0, 6, 20, 20), new Rect(0, 30, 70, 1)), dirty);
        assertEquals(0xFFFF0000, fb.pixel(19, 6 + 14), "pixel 299 of the run");
        assertEquals(0xFF00FF00, fb.pixel(0, 6 + 15), "pixel 300 starts the second run");
        assertEquals(0xFF00FF00, fb.pixel(19, 25));
        assertEquals(List.of(0xFF0000FF, 0xFFFFFFFF, 0xFF0000FF, 0xFF0000FF, 0xFF808080),
                List.of(fb.pixel(9, 30), fb.pixel(10, 30), fb.pixel(11, 30), fb.pixel(63, 30), fb.pixel(64, 30)));
    }

    @Test
    void zrleSubencodingTheRfcLeavesUnusedEndsTheSessionNamingIt() throws Exception {
        session(8, 8);
        server.send(new Message().u8(0).pad(1).u16(1).rect(0, 0, 2, 2, 16).zlib(new Deflater(), new Message().u8(17)));
        IOException error = recorder.disconnection();
        assertTrue(error.getMessage().contains("subencoding 17"), error.getMessage());
    }

    @Test
    void desktopSizeAndExtendedDesktopSizeResizeTheFramebuffer() throws Exception {
        session(8, 8);
        List<Rect> dirty = update(new Message().rect(0, 0, 4, 4, 0).raw(new byte[64]).rect(0, 0, 1024, 768, -223), 2);
        assertEquals(List.of(), dirty, "a resize makes the whole screen new; earlier rectangles are moot");
        assertEquals(1024, recorder.resized.poll(5, TimeUnit.SECONDS).width());
        assertEquals(1024 * 768, client.framebuffer().pixels().length);

        update(new Message().rect(0, 0, 1280, 800, -308).u8(1).pad(3).u32(0).u16(0).u16(0).u16(1280).u16(800).u32(0), 1);
        assertEquals(800, client.framebuffer().height());
        // Status 3 (a failed client request) leaves the size as it is.
        update(new Message().rect(1, 3, 640, 480, -308).u8(0).pad(3), 1);
        assertEquals(1280, client.framebuffer().width());
    }

    @Test
    void cursorShapeIsTransparentWhereTheMaskIsClearAndKeepsItsHotSpot() throws Exception {
        session(8, 8);
        update(new Message().rect(1, 0, 2, 2, -239).pixel(RED).pixel(GREEN).pixel(BLUE).pixel(WHITE)
                .u8(0b10000000).u8(0b11000000), 1);
        CursorShape cursor = recorder.cursors.poll(5, TimeUnit.SECONDS);
        assertNotNull(cursor);
        assertEquals(List.of(2, 2, 1, 0), List.of(cursor.width(), cursor.height(), cursor.hotX(), cursor.hotY()));
        assertArrayEquals(new int[] {0xFFFF0000, 0, 0xFF0000FF, 0xFFFFFFFF}, cursor.argb());
    }

    @Test
    void keysCarryScancodesOnlyAfterQemuAnnouncesExtendedKeyEvents() throws Exception {
        session(8, 8);
        client.key(true, 0x61, 0x1E);
        assertEquals("0401000000000061", HexFormat.of().formatHex(server.read(8).array()), "a plain KeyEvent for 'a'");
        assertFalse(client.sendsScancodes());

        update(new Message().rect(0, 0, 8, 8, -258), 1);
        assertTrue(client.sendsScancodes());
        client.key(true, 0xFFE4, 0x9D);
        assertEquals("ff000001" + "0000ffe4" + "0000009d", HexFormat.of().formatHex(server.read(12).array()),
                "QEMU's extended key event: right Ctrl, its E0 prefix folded into bit 7");
        client.key(false, 0xFF1B);
        assertEquals("040000000000ff1b", HexFormat.of().formatHex(server.read(8).array()), "a keysym alone stays a KeyEvent");
        client.pointer(0b101, 9000, -3);
        assertEquals("050500070000", HexFormat.of().formatHex(server.read(6).array()),
                "buttons 1 and 3, the position held inside the 8x8 screen");
        client.cutText("hé");
        assertEquals("06000000" + "00000002" + "68e9", HexFormat.of().formatHex(server.read(10).array()));
    }

    @Test
    void vncAuthenticationAnswersWithDesUnderThePasswordsReversedBits() throws Exception {
        CompletableFuture<VncClient> connected = connecting("secret");
        assertEquals("RFB 003.008\n", server.greet("003.008"));
        server.send(new Message().u8(1).u8(2));
        assertEquals(2, server.read(1).get());
        server.send("0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1));
        // The expected answer comes from OpenSSL's DES-ECB under key ce a6 c6 4e a6 2e 00 00 ("secret", bits reversed).
        assertEquals("752440ee2bfcc2a0d9013fd20371e23b", HexFormat.of().formatHex(server.read(16).array()));
        server.send(new Message().u32(0));
        server.initialise(4, 4, "locked");
        client = connected.get(5, TimeUnit.SECONDS);
        assertEquals("locked", client.serverInit().name());
    }

    @Test
    void aRefusedPasswordCarriesTheServersReason() throws Exception {
        CompletableFuture<VncClient> connected = connecting("wrong");
        assertEquals("RFB 003.008\n", server.greet("003.008"));
        server.send(new Message().u8(1).u8(2));
        server.read(1);
        server.send(new byte[16]);
        server.read(16);
        server.send(new Message().u32(1).u32(21).raw("Authentication failed".getBytes(StandardCharsets.US_ASCII)));
        IOException error = failure(connected);
        assertInstanceOf(VncAuthenticationException.class, error);
        assertEquals("the server refused the VNC password: Authentication failed", error.getMessage());
    }

    @Test
    void aPasswordProtectedServerWithoutAPasswordIsRefusedBeforeAnyChallenge() throws Exception {
        CompletableFuture<VncClient> connected = connecting(null);
        assertEquals("RFB 003.008\n", server.greet("003.008"));
        server.send(new Message().u8(1).u8(2));
        IOException error = failure(connected);
        assertEquals("the server asks for a VNC password and none was given", error.getMessage());
    }

    @Test
    void rfb33ServersAreAnsweredIn33AndNeedNoSecurityResultForNone() throws Exception {
        CompletableFuture<VncClient> connected = connecting(null);
        assertEquals("RFB 003.003\n", server.greet("003.003"));
        server.send(new Message().u32(1));
        server.initialise(16, 16, "old");
        client = connected.get(5, TimeUnit.SECONDS);
        assertEquals("3.3", client.serverInit().version());
    }

    @Test
    void aRefusedConnectionCarriesTheServersReason() throws Exception {
        CompletableFuture<VncClient> connected = connecting(null);
        assertEquals("RFB 003.007\n", server.greet("003.007"));
        server.send(new Message().u8(0).u32(13).raw("Too many VNCs".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("the server refused the connection: Too many VNCs", failure(connected).getMessage());
    }

    @Test
    void somethingThatIsNotVncIsNamedAsSuch() throws Exception {
        CompletableFuture<VncClient> connected = connecting(null);
        server.accept();
        server.send("SSH-2.0-Open\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("the server did not greet with an RFB version but with 'SSH-2.0-Open': is this a VNC socket?",
                failure(connected).getMessage());
    }

    @Test
    void aMissingSocketIsNamed() {
        IOException error = assertThrows(IOException.class,
                () -> VncClient.connect(dir.resolve("nothing.sock"), null, recorder));
        assertTrue(error.getMessage().startsWith("cannot connect to the VNC socket " + dir.resolve("nothing.sock")),
                error.getMessage());
    }

    @Test
    void anEncodingTheClientDidNotAskForEndsTheSessionNamingIt() throws Exception {
        session(8, 8);
        server.send(new Message().u8(0).pad(1).u16(1).rect(0, 0, 8, 8, 5));
        assertEquals("the server sent a rectangle in encoding 5, which this client did not ask for",
                recorder.disconnection().getMessage());
    }

    @Test
    void aRectangleOutsideTheScreenEndsTheSession() throws Exception {
        session(8, 8);
        server.send(new Message().u8(0).pad(1).u16(1).rect(6, 0, 4, 1, 0));
        assertEquals("a Raw rectangle 4x1 at 6,0 lies outside the 8x8 framebuffer", recorder.disconnection().getMessage());
    }

    @Test
    void aServerThatHangsUpMidRectangleIsReported() throws Exception {
        session(8, 8);
        server.send(new Message().u8(0).pad(1).u16(1).rect(0, 0, 8, 8, 0).raw(new byte[100]));
        server.close();
        assertEquals("the server closed the connection while the client read the Raw pixels",
                recorder.disconnection().getMessage());
    }

    @Test
    void closeEndsTheSessionWithoutAnError() throws Exception {
        session(8, 8);
        client.close();
        assertNull(recorder.disconnection());
        assertThrows(IOException.class, () -> server.read(1), "the client has hung up");
    }

    /** Collects what the client reports, in order, for the test thread. */
    private static final class Recorder implements VncListener {
        private final BlockingQueue<List<Rect>> updates = new LinkedBlockingQueue<>();
        private final BlockingQueue<Framebuffer> resized = new LinkedBlockingQueue<>();
        private final BlockingQueue<CursorShape> cursors = new LinkedBlockingQueue<>();
        private final BlockingQueue<Object> ends = new LinkedBlockingQueue<>();

        @Override
        public void framebufferUpdated(Framebuffer framebuffer, List<Rect> dirty) {
            updates.add(dirty);
        }

        @Override
        public void framebufferResized(Framebuffer framebuffer) {
            resized.add(framebuffer);
        }

        @Override
        public void cursorChanged(CursorShape cursor) {
            cursors.add(cursor);
        }

        @Override
        public void disconnected(IOException error) {
            ends.add(error == null ? "clean" : error);
        }

        List<Rect> nextUpdate() throws InterruptedException {
            List<Rect> dirty = updates.poll(5, TimeUnit.SECONDS);
            assertNotNull(dirty, "no update decoded within 5 s; the session ended with " + ends.peek());
            return dirty;
        }

        IOException disconnection() throws InterruptedException {
            Object end = ends.poll(5, TimeUnit.SECONDS);
            assertNotNull(end, "the session did not end within 5 s");
            return end instanceof IOException e ? e : null;
        }
    }
}
