package org.virtfx.app.console;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.virtfx.app.ui.DialogService;
import org.virtfx.app.vnc.CursorShape;
import org.virtfx.app.vnc.Framebuffer;
import org.virtfx.app.vnc.Rect;
import org.virtfx.app.vnc.VncClient;
import org.virtfx.app.vnc.VncListener;
import org.virtfx.app.vnc.view.XtKey;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * The VM window's graphical console: one VNC session to the running domain, opened off the UI
 * thread through the driver's graphics channel with the password the domain's XML gives, closed
 * when the domain stops and opened again when it starts (the window decides when). Keys from the
 * menus go as QEMU extended key events; the screen is drawn by whatever display the view
 * attaches as a {@link VncListener}. State changes happen on the UI thread.
 */
public final class GraphicsConsoleViewModel implements AutoCloseable {
    /** The keys that release the keyboard grab, virt-manager's default (Control_L+Alt_L). */
    public static final String RELEASE_KEYS = "Ctrl+Alt";
    private static final XtKey SHIFT = new XtKey(0xFFE1, 0x2A);
    private static final long SCREENSHOT_SECONDS = 10;

    private final Connection connection;
    private final UUID uuid;
    private final TaskExecutor tasks;
    private final Executor ui;
    private final DialogService dialogs;
    private final Consumer<String> ended;
    /** Keys and the mouse go to the session one at a time, in order, off the UI thread. */
    private final ExecutorService input = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "vnc-input");
        thread.setDaemon(true);
        return thread;
    });
    private final ReadOnlyObjectWrapper<VncClient> session = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty keyboardGrabbed = new SimpleBooleanProperty();
    private volatile VncListener display = new VncListener() { };
    /** The session being opened or open; UI thread only. */
    private Relay current;
    /** Set by {@link #close()}: a window that is gone opens nothing more. */
    private boolean closed;

    /**
     * @param ui    runs the reader thread's news on the UI thread
     * @param ended hears, on the UI thread, why a session could not open or ended by itself
     */
    public GraphicsConsoleViewModel(Connection connection, UUID uuid, TaskExecutor tasks, Executor ui,
                                    DialogService dialogs, Consumer<String> ended) {
        this.connection = connection;
        this.uuid = uuid;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.ended = ended;
    }

    /** Runs the display's repaints on the UI thread. */
    public Executor ui() {
        return ui;
    }

    /** Where the display sends the person's keys and mouse. */
    public Executor input() {
        return input;
    }

    /** The open session, or null while none is: the view sends its input to it. */
    public ReadOnlyObjectProperty<VncClient> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    /** True while the console takes every key, until {@link #RELEASE_KEYS} are pressed. */
    public BooleanProperty keyboardGrabbedProperty() {
        return keyboardGrabbed;
    }

    /** What the window says while the keyboard is grabbed. */
    public String releaseHint() {
        return "Press " + RELEASE_KEYS + " to release the keyboard";
    }

    /** Whether a session is being opened or is open. */
    public boolean isActive() {
        return current != null;
    }

    /**
     * Where the screen goes (the view's drawing surface). An open session repaints all of it,
     * so a display attached late starts with the whole picture.
     */
    public void setDisplay(VncListener newDisplay) {
        display = Objects.requireNonNull(newDisplay);
        // A session opened ahead may have drawn its first frame before there was a display.
        VncClient open = current == null ? session.get() : current.client;
        if (open != null) {
            tasks.execute(BackgroundTask.ofAction("Repainting the graphical console", () -> open.requestUpdate(false)));
        }
    }

    /** Opens a session unless one is being opened or is open, or the console is closed. */
    public void connect() {
        open(null);
    }

    /**
     * Opens a session before the window has read whether the domain runs or has a VNC screen, so
     * that it is open by the time the window is drawn. If it cannot open, nothing is said:
     * {@code instead} runs on the UI thread, and the window decides from what it read.
     */
    public void connectAhead(Runnable instead) {
        open(Objects.requireNonNull(instead));
    }

    private void open(Runnable quietFailure) {
        if (current != null || closed) {
            return;
        }
        Relay relay = new Relay(quietFailure);
        current = relay;
        tasks.execute(BackgroundTask.of("Opening the graphical console", progress -> relay.open())
                .onSuccess(client -> opened(relay, client))
                .onFailure(e -> failed(relay, e)));
    }

    private void opened(Relay relay, VncClient client) {
        if (current != relay) {
            // Closed (the domain stopped) while the handshake ran.
            tasks.execute(BackgroundTask.ofAction("Closing the graphical console", client::close));
            return;
        }
        session.set(client);
    }

    private void failed(Relay relay, Exception e) {
        if (current == relay) {
            current = null;
            if (relay.quietFailure != null) {
                relay.quietFailure.run();
            } else {
                ended.accept("Error connecting to graphical console: " + e.getMessage());
            }
        }
    }

    /** Closes the session, if any, without a word: the window asked for it. */
    public void disconnect() {
        Relay relay = current;
        current = null;
        session.set(null);
        keyboardGrabbed.set(false);
        if (relay != null) {
            tasks.execute(BackgroundTask.ofAction("Closing the graphical console", relay::close));
        }
    }

    /**
     * The domain started at {@code startedAt} ({@link System#nanoTime()}): a session opened
     * before then spoke to a QEMU that is gone, even if its end has not been read yet.
     */
    public void domainStarted(long startedAt) {
        if (current != null && current.created - startedAt < 0) {
            disconnect();
        }
    }

    private void lost(Relay relay, IOException error) {
        if (current != relay) {
            return;
        }
        current = null;
        session.set(null);
        keyboardGrabbed.set(false);
        ended.accept(error == null ? "Viewer was disconnected." : "Viewer was disconnected: " + error.getMessage());
    }

    /** Presses the keys together and releases them in reverse, as scancodes the guest's layout reads. */
    public void sendKeys(String label, List<XtKey> keys) {
        send("Sending " + label, client -> {
            for (XtKey key : keys) {
                client.key(true, key.keysym(), key.scancode());
            }
            for (int i = keys.size() - 1; i >= 0; i--) {
                client.key(false, keys.get(i).keysym(), keys.get(i).scancode());
            }
        });
    }

    /** Types the text key by key, as on a US keyboard (Edit ▸ Paste has no meaning to a text-mode guest). */
    public void typeText(String text) {
        List<TypedText.Stroke> strokes = TypedText.strokes(text);
        send("Typing the clipboard", client -> {
            for (TypedText.Stroke stroke : strokes) {
                if (stroke.shift()) {
                    client.key(true, SHIFT.keysym(), SHIFT.scancode());
                }
                client.key(true, stroke.key().keysym(), stroke.key().scancode());
                client.key(false, stroke.key().keysym(), stroke.key().scancode());
                if (stroke.shift()) {
                    client.key(false, SHIFT.keysym(), SHIFT.scancode());
                }
            }
        });
    }

    private void send(String what, Input input) {
        VncClient client = session.get();
        if (client == null) {
            return;
        }
        tasks.execute(BackgroundTask.ofAction(what, () -> input.sendTo(client))
                .onFailure(e -> dialogs.showError(what + " failed", e)));
    }

    /** Saves the session's current screen as a PNG image. */
    public void saveScreenshot(Path file) {
        Relay relay = current;
        VncClient client = session.get();
        if (relay == null || client == null) {
            return;
        }
        tasks.execute(BackgroundTask.ofAction("Saving a screenshot", () -> relay.capture(client).writePng(file))
                .onSuccess(v -> dialogs.notify("Screenshot saved to " + file))
                .onFailure(e -> dialogs.showError("Could not save the screenshot", e)));
    }

    @Override
    public void close() {
        closed = true;
        disconnect();
        input.shutdown();
    }

    /** The domain's VNC password ({@code passwd}), or null when it has none. */
    static String password(String domainXml) {
        XmlElement domain = new XmlParser().parse(domainXml, "the domain's XML");
        return domain.child("devices").stream().flatMap(d -> d.children("graphics").stream())
                .filter(g -> g.attribute("type").orElse("").equals("vnc")).findFirst()
                .flatMap(g -> g.attribute("passwd")).orElse(null);
    }

    private interface Input {
        void sendTo(VncClient client) throws IOException;
    }

    /**
     * One session's listener: passes the screen to the display and tells the view model, on the
     * UI thread, when this session (and not a later one) ends.
     */
    private final class Relay implements VncListener {
        private final long created = System.nanoTime();
        /** For a session opened ahead: what runs instead of a message when it cannot open. */
        private final Runnable quietFailure;
        private volatile VncClient client;
        private volatile CompletableFuture<Screen> capture;

        Relay(Runnable quietFailure) {
            this.quietFailure = quietFailure;
        }

        VncClient open() throws IOException {
            String password = password(connection.domains().xml(uuid, false));
            ByteChannel channel = connection.domains().openGraphics(uuid);
            client = VncClient.open(channel, password, this);
            // Started here, not on the UI thread: the first frame is drawn as soon as it arrives.
            client.start();
            return client;
        }

        void close() {
            VncClient open = client;
            if (open != null) {
                open.close();
            }
        }

        /** The next update's picture, asked for as a full one so a still screen answers too. */
        Screen capture(VncClient open) throws IOException, InterruptedException, TimeoutException {
            CompletableFuture<Screen> next = new CompletableFuture<>();
            capture = next;
            open.requestUpdate(false);
            try {
                return next.get(SCREENSHOT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("the console ended before its screen arrived", e.getCause());
            }
        }

        @Override
        public void framebufferResized(Framebuffer framebuffer) {
            display.framebufferResized(framebuffer);
        }

        @Override
        public void framebufferUpdated(Framebuffer framebuffer, List<Rect> dirty) {
            CompletableFuture<Screen> wanted = capture;
            if (wanted != null) {
                capture = null;
                wanted.complete(new Screen(framebuffer.width(), framebuffer.height(), framebuffer.pixels().clone()));
            }
            display.framebufferUpdated(framebuffer, dirty);
        }

        @Override
        public void cursorChanged(CursorShape cursor) {
            display.cursorChanged(cursor);
        }

        @Override
        public void bell() {
            display.bell();
        }

        @Override
        public void serverCutText(String text) {
            display.serverCutText(text);
        }

        @Override
        public void disconnected(IOException error) {
            CompletableFuture<Screen> wanted = capture;
            if (wanted != null) {
                wanted.completeExceptionally(error != null ? error : new IOException("the console was closed"));
            }
            display.disconnected(error);
            ui.execute(() -> lost(this, error));
        }
    }
}
