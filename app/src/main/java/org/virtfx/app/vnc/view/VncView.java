package org.virtfx.app.vnc.view;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Group;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.app.vnc.Framebuffer;
import org.virtfx.app.vnc.Rect;
import org.virtfx.app.vnc.VncClient;
import org.virtfx.app.vnc.VncListener;

/**
 * Shows a VNC session's framebuffer, 1:1 or scaled to fit, centred, and sends the keys and the
 * mouse it receives. The reader thread copies each update's dirty rectangles into a shadow
 * array, marks the part of each {@value #TILE}-pixel tile they touch, and posts one repaint
 * through the {@link UiChangeQueue}, however many updates arrive before it runs; the FX thread
 * then writes only the marked parts. Drawn 1:1 (the default in a window) the screen is a grid
 * of tiles, each an image of its own, so the scene graph repaints only the tiles that changed:
 * one image for the whole screen made every blink of a guest's text cursor redraw all of it,
 * the cost of a still console. Scaled, one whole-screen image is drawn, so its filtering has no
 * seams. Only the picture on screen is written as updates come; the other one is brought up to
 * date when it is shown or asked for, so a blink costs one write, not two.
 * Input is sent on {@code input},
 * never on the FX thread. While it has the focus it takes every key (the keyboard grab) until
 * Ctrl+Alt are pressed together, which hands the focus back through {@link #setOnRelease}.
 */
public final class VncView extends Region implements VncListener {
    private static final PixelFormat<java.nio.IntBuffer> ARGB = PixelFormat.getIntArgbInstance();
    /**
     * A tile's side in pixels: a text cell's change repaints one tile, or two where it straddles
     * a border. Each tile is a node that every pulse walks (bounds, culling), so they are not
     * smaller than a repaint needs: a 720x400 text screen is 24 of them, not the 84 of 64 pixels.
     */
    static final int TILE = 128;
    private static final int CLEAN = Integer.MAX_VALUE;

    private final Executor ui;
    private final Executor input;
    private final ImageView imageView = new ImageView();
    private final Group tileLayer = new Group();
    private final ReadOnlyObjectWrapper<Image> screen = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty scaleToFit = new SimpleBooleanProperty();
    private Runnable onRelease = () -> { };
    // Where the picture sits and how large it is drawn; set by the layout, read by the pointer.
    private double offsetX;
    private double offsetY;
    private double scale = 1;
    private final AtomicBoolean repaintPosted = new AtomicBoolean();
    private final Object lock = new Object();
    // Guarded by lock: the reader thread's copy of the screen and the area not yet painted.
    private int[] shadow = new int[0];
    private int width;
    private int height;
    private int columns;
    private int rows;
    /** Per tile, the screen box {x0, y0, x1, y1} (x1, y1 exclusive) not yet painted; x0 is CLEAN when none. */
    private int[] dirtyBoxes = new int[0];
    private boolean anyDirty;
    private WritableImage image;
    private WritableImage[] tiles = new WritableImage[0];
    // Guarded by lock: the pictures of a new screen size, made and filled by the reader thread,
    // that the FX thread shows at its next paint (null when there are none).
    private WritableImage madeImage;
    private WritableImage[] madeTiles;
    // FX thread (and lock): which picture is on screen, and whether the other one lags the shadow.
    private boolean tiled = true;
    private boolean tilesStale;
    private boolean wholeStale;
    private volatile VncClient client;
    private int buttons;

    /**
     * @param ui    runs repaints on the FX thread, later (the application's {@link UiChangeQueue})
     * @param input sends keys and the mouse, one at a time and in order
     */
    public VncView(Executor ui, Executor input) {
        this.ui = ui;
        this.input = input;
        tileLayer.setManaged(false);
        imageView.setManaged(false);
        // The view takes the mouse itself (a Region picks on its bounds): the pictures are left
        // out of picking, which the scene does again after every repaint under a resting pointer
        // and which tested each tile in turn.
        tileLayer.setMouseTransparent(true);
        imageView.setMouseTransparent(true);
        getChildren().addAll(imageView, tileLayer);
        setFocusTraversable(true);
        addEventHandler(KeyEvent.KEY_PRESSED, e -> key(e, true));
        addEventHandler(KeyEvent.KEY_RELEASED, e -> key(e, false));
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            pointer(e);
        });
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::pointer);
        addEventHandler(MouseEvent.MOUSE_MOVED, this::pointer);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::pointer);
        addEventHandler(ScrollEvent.SCROLL, this::scroll);
        scaleToFit.addListener((obs, was, now) -> requestLayout());
    }

    /** Whether the screen is shrunk or grown to the view's size (keeping its shape), or drawn 1:1. */
    public BooleanProperty scaleToFitProperty() {
        return scaleToFit;
    }

    /**
     * Takes a key the window caught before anything else saw it: while this view has the focus
     * (the keyboard grab), the window hands it every key event from its event filter, so menu
     * accelerators such as F11 or Ctrl+W reach the guest, not the window.
     */
    public void takeKey(KeyEvent e) {
        if (e.getEventType() == KeyEvent.KEY_PRESSED) {
            key(e, true);
        } else if (e.getEventType() == KeyEvent.KEY_RELEASED) {
            key(e, false);
        }
        e.consume();
    }

    /** Runs when Ctrl+Alt release the keyboard; the window moves the focus away. */
    public void setOnRelease(Runnable release) {
        onRelease = release;
    }

    /** The session whose input this view sends; its listener must be this view. */
    public void attach(VncClient session) {
        this.client = session;
    }

    /** The picture on screen, set when the first frame is drawn and at each new screen size. */
    public ReadOnlyObjectProperty<Image> screenProperty() {
        return screen.getReadOnlyProperty();
    }

    /** The whole picture as painted so far, or null before the first frame; FX thread only. */
    public Image screen() {
        synchronized (lock) {
            if (wholeStale) {
                writeWhole();
            }
            return image;
        }
    }

    /** The tile image that holds pixel (x, y) of the screen, or null before the first paint; FX thread only. */
    Image tileAt(int x, int y) {
        synchronized (lock) {
            if (tilesStale) {
                writeTiles();
            }
            int i = y / TILE * columns + x / TILE;
            return i < tiles.length ? tiles[i] : null;
        }
    }

    @Override
    public void framebufferResized(Framebuffer framebuffer) {
        framebufferUpdated(framebuffer, List.of(new Rect(0, 0, framebuffer.width(), framebuffer.height())));
    }

    @Override
    public void framebufferUpdated(Framebuffer framebuffer, List<Rect> dirty) {
        boolean marked;
        synchronized (lock) {
            boolean resized = framebuffer.width() != width || framebuffer.height() != height;
            if (resized) {
                width = framebuffer.width();
                height = framebuffer.height();
                shadow = new int[width * height];
                columns = (width + TILE - 1) / TILE;
                rows = (height + TILE - 1) / TILE;
                // What was dirty in the old size is no region of the new one: the whole screen is.
                dirtyBoxes = new int[4 * columns * rows];
                Arrays.fill(dirtyBoxes, CLEAN);
                dirty = List.of(new Rect(0, 0, width, height));
                // The pictures on show are of the old size, replaced at the next paint: nothing is
                // written into them from the new shadow.
                tilesStale = false;
                wholeStale = false;
            }
            int[] pixels = framebuffer.pixels();
            for (Rect r : dirty) {
                for (int row = r.y(); row < r.y() + r.height(); row++) {
                    System.arraycopy(pixels, row * width + r.x(), shadow, row * width + r.x(), r.width());
                }
                if (r.width() > 0 && r.height() > 0) {
                    mark(r);
                    anyDirty = true;
                }
            }
            if (resized) {
                makePictures();
            }
            marked = anyDirty;
        }
        if (marked && repaintPosted.compareAndSet(false, true)) {
            ui.execute(this::paint);
        }
    }

    /**
     * Makes the new size's pictures here, on the reader thread, filled with the whole shadow:
     * images not yet in a scene may be made on any thread, and making the first ones of a
     * process (the image classes, their pixel converters) took the FX thread up to 0.1 s while
     * a VM window opened. The FX thread then only shows them. Holds the lock.
     */
    private void makePictures() {
        madeImage = new WritableImage(width, height);
        madeTiles = new WritableImage[columns * rows];
        for (int ty = 0; ty < rows; ty++) {
            for (int tx = 0; tx < columns; tx++) {
                madeTiles[ty * columns + tx] = new WritableImage(Math.min(TILE, width - tx * TILE),
                        Math.min(TILE, height - ty * TILE));
            }
        }
        writeTiles(madeTiles);
        write(madeImage, 0, 0, 0, 0, width, height);
        Arrays.fill(dirtyBoxes, CLEAN);
        anyDirty = true;
    }

    /** Grows the dirty box of each tile the rectangle touches by the part of it that lies there. */
    private void mark(Rect r) {
        for (int ty = r.y() / TILE; ty <= (r.y() + r.height() - 1) / TILE; ty++) {
            for (int tx = r.x() / TILE; tx <= (r.x() + r.width() - 1) / TILE; tx++) {
                int b = 4 * (ty * columns + tx);
                int x0 = Math.max(r.x(), tx * TILE);
                int y0 = Math.max(r.y(), ty * TILE);
                int x1 = Math.min(r.x() + r.width(), (tx + 1) * TILE);
                int y1 = Math.min(r.y() + r.height(), (ty + 1) * TILE);
                if (dirtyBoxes[b] == CLEAN) {
                    dirtyBoxes[b] = x0;
                    dirtyBoxes[b + 1] = y0;
                    dirtyBoxes[b + 2] = x1;
                    dirtyBoxes[b + 3] = y1;
                } else {
                    dirtyBoxes[b] = Math.min(dirtyBoxes[b], x0);
                    dirtyBoxes[b + 1] = Math.min(dirtyBoxes[b + 1], y0);
                    dirtyBoxes[b + 2] = Math.max(dirtyBoxes[b + 2], x1);
                    dirtyBoxes[b + 3] = Math.max(dirtyBoxes[b + 3], y1);
                }
            }
        }
    }

    private void paint() {
        repaintPosted.set(false);
        synchronized (lock) {
            if (!anyDirty) {
                return;
            }
            boolean created = madeImage != null;
            if (created) {
                image = madeImage;
                tiles = madeTiles;
                madeImage = null;
                madeTiles = null;
                imageView.setImage(image);
                tileLayer.getChildren().clear();
                for (int i = 0; i < tiles.length; i++) {
                    ImageView view = new ImageView(tiles[i]);
                    view.relocate(i % columns * TILE, i / columns * TILE);
                    tileLayer.getChildren().add(view);
                }
            }
            // What changed since the pictures were made (all of it, for pictures made here before).
            boolean wrote = false;
            for (int i = 0; i < tiles.length; i++) {
                int b = 4 * i;
                if (dirtyBoxes[b] != CLEAN) {
                    int x = dirtyBoxes[b];
                    int y = dirtyBoxes[b + 1];
                    int w = dirtyBoxes[b + 2] - x;
                    int h = dirtyBoxes[b + 3] - y;
                    dirtyBoxes[b] = CLEAN;
                    wrote = true;
                    if (tiled) {
                        write(tiles[i], i % columns * TILE, i / columns * TILE, x, y, w, h);
                    } else {
                        write(image, 0, 0, x, y, w, h);
                    }
                }
            }
            if (wrote) {
                wholeStale |= tiled;
                tilesStale |= !tiled;
            }
            anyDirty = false;
            if (created) {
                // Announced once painted, so whoever hears of a new screen sees its picture.
                screen.set(image);
                requestLayout();
            }
        }
    }

    /** Copies the shadow's box (x, y, w, h) into {@code target}, whose top left lies at (left, top) of the screen. */
    private void write(WritableImage target, int left, int top, int x, int y, int w, int h) {
        target.getPixelWriter().setPixels(x - left, y - top, w, h, ARGB, shadow, y * width + x, width);
    }

    private void writeTiles() {
        writeTiles(tiles);
        tilesStale = false;
    }

    private void writeTiles(WritableImage[] target) {
        for (int i = 0; i < target.length; i++) {
            WritableImage tile = target[i];
            int x = i % columns * TILE;
            int y = i / columns * TILE;
            write(tile, x, y, x, y, (int) tile.getWidth(), (int) tile.getHeight());
        }
    }

    private void writeWhole() {
        if (image != null) {
            write(image, 0, 0, 0, 0, width, height);
        }
        wholeStale = false;
    }

    @Override
    protected void layoutChildren() {
        if (image == null) {
            return;
        }
        double w = image.getWidth();
        double h = image.getHeight();
        scale = scaleToFit.get() ? Math.min(getWidth() / w, getHeight() / h) : 1;
        if (!(scale > 0)) {
            scale = 1;
        }
        boolean oneToOne = scale == 1;
        // Whole pixels: a tile at a fractional place would be filtered, and its edges would show.
        offsetX = Math.floor(Math.max(0, (getWidth() - w * scale) / 2));
        offsetY = Math.floor(Math.max(0, (getHeight() - h * scale) / 2));
        synchronized (lock) {
            // The picture about to be shown catches up with the updates painted into the other one.
            if (oneToOne && tilesStale) {
                writeTiles();
            } else if (!oneToOne && wholeStale) {
                writeWhole();
            }
            tiled = oneToOne;
        }
        tileLayer.setVisible(oneToOne);
        imageView.setVisible(!oneToOne);
        if (oneToOne) {
            tileLayer.relocate(offsetX, offsetY);
        } else {
            imageView.setSmooth(true);
            imageView.setFitWidth(w * scale);
            imageView.setFitHeight(h * scale);
            imageView.relocate(offsetX, offsetY);
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return image == null ? 640 : image.getWidth();
    }

    @Override
    protected double computePrefHeight(double width) {
        return image == null ? 480 : image.getHeight();
    }

    /** Unscaled, the whole screen needs its size: a scroll pane around the view then scrolls. */
    @Override
    protected double computeMinWidth(double height) {
        return scaleToFit.get() || image == null ? 0 : image.getWidth();
    }

    @Override
    protected double computeMinHeight(double width) {
        return scaleToFit.get() || image == null ? 0 : image.getHeight();
    }

    private void key(KeyEvent e, boolean down) {
        if (down && (e.getCode() == KeyCode.CONTROL && e.isAltDown() || e.getCode() == KeyCode.ALT && e.isControlDown())) {
            // The release keys: the guest saw the first of them go down, so both go up again.
            for (KeyCode modifier : new KeyCode[] {KeyCode.CONTROL, KeyCode.ALT}) {
                XtKey up = XtKey.of(modifier);
                send(session -> session.key(false, up.keysym(), up.scancode()));
            }
            e.consume();
            onRelease.run();
            return;
        }
        XtKey key = XtKey.of(e.getCode());
        if (key != null) {
            int keysym = down && e.isShiftDown() && key.keysym() >= 'a' && key.keysym() <= 'z'
                    ? key.keysym() - 32 : key.keysym();
            send(session -> session.key(down, keysym, key.scancode()));
        }
        e.consume();
    }

    private void pointer(MouseEvent e) {
        buttons = (e.isPrimaryButtonDown() ? 1 : 0) | (e.isMiddleButtonDown() ? 2 : 0) | (e.isSecondaryButtonDown() ? 4 : 0);
        int mask = buttons;
        int x = screenX(e.getX());
        int y = screenY(e.getY());
        send(session -> session.pointer(mask, x, y));
        e.consume();
    }

    private void scroll(ScrollEvent e) {
        // RFB's wheel is buttons 4 (up) and 5 (down), pressed and released once per notch.
        int wheel = e.getDeltaY() > 0 ? 8 : e.getDeltaY() < 0 ? 16 : 0;
        int mask = buttons;
        int x = screenX(e.getX());
        int y = screenY(e.getY());
        if (wheel != 0) {
            send(session -> {
                session.pointer(mask | wheel, x, y);
                session.pointer(mask, x, y);
            });
        }
        e.consume();
    }

    private int screenX(double x) {
        return (int) ((x - offsetX) / scale);
    }

    private int screenY(double y) {
        return (int) ((y - offsetY) / scale);
    }

    private void send(Input action) {
        VncClient session = client;
        if (session != null) {
            input.execute(() -> {
                try {
                    action.sendTo(session);
                } catch (IOException e) {
                    // A failed send means the connection is gone; the reader thread reports the end once.
                }
            });
        }
    }

    private interface Input {
        void sendTo(VncClient session) throws IOException;
    }
}
