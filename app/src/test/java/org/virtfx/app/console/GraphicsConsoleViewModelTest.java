package org.virtfx.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.details.SendKey;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.testing.ForwardingConnection;
import org.virtfx.app.testing.ReadingDomains;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.app.vnc.Framebuffer;
import org.virtfx.app.vnc.Rect;
import org.virtfx.app.vnc.ScriptedRfbServer;
import org.virtfx.app.vnc.ScriptedRfbServer.Message;
import org.virtfx.app.vnc.VncListener;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainFamily;

/**
 * The graphical console's view model against a scripted VNC server behind a connection's
 * graphics channel; tasks run on workers and the "UI thread" is a thread of the test's own.
 */
@Timeout(60)
class GraphicsConsoleViewModelTest {
    @TempDir
    Path dir;
    private final ExecutorService uiThread = Executors.newSingleThreadExecutor();
    private final UiChangeQueue ui = new UiChangeQueue(uiThread);
    private final FxTaskExecutor tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), ui);
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final BlockingQueue<String> ended = new LinkedBlockingQueue<>();
    private ScriptedRfbServer server;
    private GraphicsConsoleConnection connection;
    private GraphicsConsoleViewModel vm;

    @BeforeEach
    void open() throws IOException {
        server = new ScriptedRfbServer(dir);
        connection = new GraphicsConsoleConnection(server.socket());
        vm = new GraphicsConsoleViewModel(connection, connection.uuid, tasks, ui::post, dialogs, ended::add);
    }

    @AfterEach
    void close() throws Exception {
        onUi(() -> {
            vm.close();
            return null;
        });
        server.close();
        tasks.close();
        uiThread.shutdownNow();
        connection.close();
    }

    private <T> T onUi(Callable<T> read) throws Exception {
        return uiThread.submit(read).get(10, TimeUnit.SECONDS);
    }

    /** Connects, plays the handshake and announces QEMU's extended key events; returns once the session is shown. */
    private void connectToQemuLikeServer() throws Exception {
        onUi(() -> {
            vm.connect();
            return null;
        });
        server.handshake(16, 8);
        // A pseudo-rectangle: the server takes QEMU extended key events.
        server.send(new Message().u8(0).pad(1).u16(1).rect(0, 0, 0, 0, -258));
        assertEquals(3, server.read(10).get(0), "the next update request");
        waitUntil(() -> vm.sessionProperty().get() != null && vm.sessionProperty().get().sendsScancodes());
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!onUi(condition)) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(10);
        }
    }

    /** The next QEMU extended key event as "down/up scancode". */
    private String nextKey() throws IOException {
        ByteBuffer event = server.read(12);
        assertEquals("ff00", HexFormat.of().formatHex(event.array(), 0, 2), "a QEMU extended key event");
        return (event.getShort(2) == 1 ? "down " : "up ") + Integer.toHexString(event.getInt(8));
    }

    @Test
    void sendKeyPressesTheKeysAsScancodesAndReleasesThemInReverse() throws Exception {
        connectToQemuLikeServer();
        SendKey ctrlAltDelete = SendKey.menu().stream().filter(k -> k.label().equals("Ctrl+Alt+Delete")).findFirst()
                .orElseThrow();
        onUi(() -> {
            vm.sendKeys(ctrlAltDelete.label(), ctrlAltDelete.vncKeys());
            return null;
        });
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(nextKey());
        }
        assertEquals(List.of("down 1d", "down 38", "down d3", "up d3", "up 38", "up 1d"), keys);
    }

    @Test
    void clipboardTextIsTypedKeyByKeyWithShiftForCapitals() throws Exception {
        connectToQemuLikeServer();
        onUi(() -> {
            vm.typeText("aB!\r\n");
            return null;
        });
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            keys.add(nextKey());
        }
        assertEquals(List.of("down 1e", "up 1e", "down 2a", "down 30", "up 30", "up 2a",
                "down 2a", "down 2", "up 2", "up 2a", "down 1c", "up 1c"), keys);
    }

    @Test
    void aScreenshotIsTheFramebufferAsPng() throws Exception {
        connectToQemuLikeServer();
        Path file = dir.resolve("shot.png");
        onUi(() -> {
            vm.saveScreenshot(file);
            return null;
        });
        ByteBuffer request = server.read(10);
        assertEquals(3, request.get(0));
        assertEquals(0, request.get(1), "a full update is asked for, so a still screen answers too");
        server.send(screen(0x00FF00));
        waitUntil(() -> dialogs.notes.contains("Screenshot saved to " + file));
        BufferedImage png = ImageIO.read(file.toFile());
        assertEquals(List.of(16, 8), List.of(png.getWidth(), png.getHeight()));
        assertEquals(0x00FF00, png.getRGB(5, 2) & 0xFFFFFF);
        assertEquals(0x102030, png.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void aSessionTheServerEndsIsReportedOnceAndClosed() throws Exception {
        connectToQemuLikeServer();
        server.close();
        String why = ended.poll(10, TimeUnit.SECONDS);
        assertNotNull(why);
        assertTrue(why.startsWith("Viewer was disconnected"), why);
        assertNull(onUi(() -> vm.sessionProperty().get()));
        assertTrue(!onUi(vm::isActive), "a new connect may start");
        assertNull(ended.poll(200, TimeUnit.MILLISECONDS), "said once");
    }

    @Test
    void disconnectingClosesTheSessionWithoutAWord() throws Exception {
        connectToQemuLikeServer();
        onUi(() -> {
            vm.disconnect();
            return null;
        });
        assertThrows(IOException.class, () -> server.read(64), "the client closed the connection");
        assertNull(ended.poll(200, TimeUnit.MILLISECONDS), "a window's own disconnect is not an error to show");
        assertNull(onUi(() -> vm.sessionProperty().get()));
    }

    @Test
    void aConsoleThatCannotOpenSaysWhy() throws Exception {
        server.close();
        onUi(() -> {
            vm.connect();
            return null;
        });
        String why = ended.poll(10, TimeUnit.SECONDS);
        assertNotNull(why);
        assertTrue(why.startsWith("Error connecting to graphical console: "), why);
        assertTrue(!onUi(vm::isActive));
    }

    @Test
    void aConsoleOpenedAheadThatCannotOpenSaysNothingAndHandsBack() throws Exception {
        server.close();
        BlockingQueue<Boolean> handedBack = new LinkedBlockingQueue<>();
        onUi(() -> {
            vm.connectAhead(() -> handedBack.add(true));
            return null;
        });
        assertNotNull(handedBack.poll(10, TimeUnit.SECONDS), "the window decides again from what it read");
        assertNull(ended.poll(200, TimeUnit.MILLISECONDS), "a guess that failed is no error to show");
        assertTrue(!onUi(vm::isActive), "the window's own connect may start");
    }

    @Test
    void aScreenDrawnBeforeTheWindowHadADisplayIsAskedForAgainWhenItHasOne() throws Exception {
        BlockingQueue<Integer> drawn = new LinkedBlockingQueue<>();
        VncListener display = new VncListener() {
            @Override
            public void framebufferUpdated(Framebuffer framebuffer, List<Rect> dirty) {
                drawn.add(framebuffer.pixel(5, 2) & 0xFFFFFF);
            }
        };
        onUi(() -> {
            vm.connectAhead(() -> ended.add("handed back"));
            return null;
        });
        // The UI thread is busy building the window while the session opens and its first frame
        // arrives: the session is not announced yet when the window gives its display.
        CountDownLatch firstFrameRead = new CountDownLatch(1);
        Future<?> building = uiThread.submit(() -> {
            firstFrameRead.await();
            vm.setDisplay(display);
            return null;
        });
        server.handshake(16, 8);
        server.send(screen(0x00FF00));
        assertEquals(3, server.read(10).get(0), "the next update request: the first frame was read");
        firstFrameRead.countDown();
        building.get(10, TimeUnit.SECONDS);
        ByteBuffer request = server.read(10);
        assertEquals(3, request.get(0));
        assertEquals(0, request.get(1), "the whole screen is asked for again");
        server.send(screen(0x00FF00));
        assertEquals(0x00FF00, drawn.poll(10, TimeUnit.SECONDS), "the display draws the screen");
        waitUntil(() -> vm.sessionProperty().get() != null);
        assertNull(ended.poll(200, TimeUnit.MILLISECONDS));
    }

    /** A full 16x8 update whose pixel (5, 2) has the colour {@code rgb}, the rest dark blue. */
    private static Message screen(int rgb) {
        Message screen = new Message().u8(0).pad(1).u16(1).rect(0, 0, 16, 8, 0);
        for (int i = 0; i < 16 * 8; i++) {
            screen.pixel(i == 16 * 2 + 5 ? rgb : 0x102030);
        }
        return screen;
    }

    @Test
    void theVncPasswordComesFromTheDomainsGraphics() {
        assertEquals("s3cret", GraphicsConsoleViewModel.password("<domain><devices><graphics type='spice' passwd='no'/>"
                + "<graphics type='vnc' passwd='s3cret'/></devices></domain>"));
        assertNull(GraphicsConsoleViewModel.password("<domain><devices><graphics type='vnc'/></devices></domain>"));
    }

    /** test:///default with its first domain's graphics channel on the scripted server's socket. */
    static final class GraphicsConsoleConnection extends ForwardingConnection {
        final UUID uuid;
        private final Path socket;

        GraphicsConsoleConnection(Path socket) {
            super(DriverRegistry.discover().open("test:///default"));
            this.socket = socket;
            this.uuid = inner.domains().list().get(0).uuid();
        }

        @Override
        public DomainFamily domains() {
            return new ReadingDomains(inner.domains()) {
                @Override
                public ByteChannel openGraphics(UUID id) {
                    try {
                        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                        channel.connect(UnixDomainSocketAddress.of(socket));
                        return channel;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }
    }
}
