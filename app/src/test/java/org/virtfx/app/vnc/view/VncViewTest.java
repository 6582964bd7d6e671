package org.virtfx.app.vnc.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.app.vnc.Framebuffer;
import org.virtfx.app.vnc.Rect;
import org.virtfx.app.vnc.ScriptedRfbServer;
import org.virtfx.app.vnc.ScriptedRfbServer.Message;
import org.virtfx.app.vnc.VncClient;

/** The view paints what the server sends and sends what the user types and clicks, as scancodes. */
@ExtendWith(ApplicationExtension.class)
@Timeout(60)
class VncViewTest {
    @TempDir
    Path dir;
    private final ExecutorService input = Executors.newSingleThreadExecutor();
    private VncView view;
    private VncClient client;
    private ScriptedRfbServer server;

    @Start
    void start(Stage stage) {
        view = new VncView(new UiChangeQueue(Platform::runLater)::post, input);
        stage.setScene(new Scene(new StackPane(view), 200, 100));
        stage.show();
    }

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        input.shutdownNow();
    }

    @Test
    void paintsTheFramebufferAndSendsKeysAsScancodesAndClicksAsButtons(FxRobot robot) throws Exception {
        server = new ScriptedRfbServer(dir);
        CompletableFuture<VncClient> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return VncClient.connect(server.socket(), null, view);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        server.handshake(16, 8);
        client = connecting.get(5, TimeUnit.SECONDS);
        view.attach(client);
        client.start();

        Message screen = new Message().rect(0, 0, 16, 8, 0);
        for (int i = 0; i < 16 * 8; i++) {
            screen.pixel(i == 2 * 16 + 3 ? 0x0000FF : 0xFF0000);
        }
        server.send(new Message().u8(0).pad(1).u16(2).raw(screen.bytes()).rect(0, 0, 16, 8, -258));
        server.read(10);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> onFx(() -> view.screen() != null
                && view.screen().getPixelReader().getArgb(3, 2) == 0xFF0000FF));
        assertEquals(0xFFFF0000, (int) onFx(() -> view.screen().getPixelReader().getArgb(4, 2)));
        assertEquals(16.0, view.screenProperty().get().getWidth());

        robot.interact(view::requestFocus);
        robot.press(KeyCode.A).release(KeyCode.A);
        assertEquals("ff000001" + "00000061" + "0000001e", HexFormat.of().formatHex(server.read(12).array()),
                "A pressed: QEMU's key event with scancode 0x1E");
        assertEquals("ff000000" + "00000061" + "0000001e", HexFormat.of().formatHex(server.read(12).array()));

        robot.clickOn(view, MouseButton.PRIMARY);
        ByteBuffer pointer;
        do {
            pointer = server.read(6);
            assertEquals(5, pointer.get(0), "only pointer events follow");
        } while (pointer.get(1) != 1);
        assertEquals(0, server.read(6).get(1), "the button is released");
    }

    @Test
    void aScreenThatShrinksBeforeThePaintIsPaintedWholeAtItsNewSize(FxRobot robot) throws Exception {
        List<Runnable> posted = new ArrayList<>();
        VncView shrinking = new VncView(posted::add, input);
        Framebuffer text = new Framebuffer(720, 400);
        shrinking.framebufferUpdated(text, List.of(new Rect(700, 380, 20, 20)));
        // The guest switches mode before the FX thread paints: the old dirty corner lies outside the new screen.
        shrinking.framebufferResized(new Framebuffer(640, 480));
        robot.interact(() -> posted.forEach(Runnable::run));
        assertEquals(640.0, shrinking.screen().getWidth());
        assertEquals(480.0, shrinking.screen().getHeight());
    }

    @Test
    void updatesBeforeThePaintCostOnePaintOfTheTilesTheyTouch(FxRobot robot) throws Exception {
        List<Runnable> posted = new ArrayList<>();
        VncView text = new VncView(posted::add, input);
        Framebuffer screen = new Framebuffer(720, 400);
        text.framebufferResized(screen);
        robot.interact(() -> posted.forEach(Runnable::run));
        posted.clear();
        // A text cursor blinking under a burst of updates: one paint, of the one tile it lies in.
        for (int i = 0; i < 5; i++) {
            for (int row = 300; row < 316; row++) {
                java.util.Arrays.fill(screen.pixels(), row * 720 + 100, row * 720 + 109, i % 2 == 0 ? 0xFF00FF00 : 0xFFAAAAAA);
            }
            text.framebufferUpdated(screen, List.of(new Rect(100, 300, 9, 16)));
        }
        assertEquals(1, posted.size(), "one repaint for the burst");
        robot.interact(() -> posted.forEach(Runnable::run));
        assertEquals(0xFF00FF00, (int) onFx(() -> text.tileAt(100, 300).getPixelReader()
                .getArgb(100 % VncView.TILE, 300 % VncView.TILE)));
        assertEquals(0xFF00FF00, (int) onFx(() -> text.screen().getPixelReader().getArgb(108, 315)));
        javafx.scene.image.Image corner = onFx(() -> text.tileAt(719, 399));
        assertEquals(720 % VncView.TILE, (int) corner.getWidth(), "the last column of tiles is narrower");
        assertEquals(400 % VncView.TILE, (int) corner.getHeight(), "the last row is lower");
    }

    @Test
    void aChangePaintedIntoOnePictureShowsInTheOtherWhenTheScalingChanges(FxRobot robot) throws Exception {
        Framebuffer screen = new Framebuffer(300, 200);
        robot.interact(() -> view.framebufferResized(screen));
        WaitForAsyncUtils.waitForFxEvents();
        // 1:1: the tiles are on screen; a change is painted into them alone.
        paint(robot, screen, new Rect(150, 100, 9, 16), 0xFF00FF00);
        robot.interact(() -> view.scaleToFitProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        ImageView whole = (ImageView) view.getChildrenUnmodifiable().get(0);
        assertTrue(whole.isVisible(), "scaled, the whole-screen picture is shown");
        assertEquals(0xFF00FF00, (int) onFx(() -> whole.getImage().getPixelReader().getArgb(155, 110)),
                "the change painted 1:1 is in the scaled picture");

        // Scaled: a change is painted into the whole picture alone, and the tiles catch up 1:1.
        paint(robot, screen, new Rect(20, 150, 9, 16), 0xFF0000FF);
        robot.interact(() -> view.scaleToFitProperty().set(false));
        WaitForAsyncUtils.waitForFxEvents();
        Group tiles = (Group) view.getChildrenUnmodifiable().get(1);
        assertTrue(tiles.isVisible());
        int row = 160 / VncView.TILE;
        int columns = (300 + VncView.TILE - 1) / VncView.TILE;
        ImageView tile = (ImageView) tiles.getChildren().get(row * columns);
        assertEquals(0xFF0000FF, (int) onFx(() -> tile.getImage().getPixelReader().getArgb(25, 160 - row * VncView.TILE)),
                "the change painted scaled is in the tiles");
    }

    private void paint(FxRobot robot, Framebuffer screen, Rect r, int argb) {
        for (int row = r.y(); row < r.y() + r.height(); row++) {
            java.util.Arrays.fill(screen.pixels(), row * screen.width() + r.x(), row * screen.width() + r.x() + r.width(), argb);
        }
        view.framebufferUpdated(screen, List.of(r));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(5, TimeUnit.SECONDS);
    }
}
