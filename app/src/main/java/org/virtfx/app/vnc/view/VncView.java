package org.virtfx.app.vnc.view;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
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
 * Shows a VNC session's framebuffer 1:1 in a {@link WritableImage} and sends the keys and the
 * mouse it receives. The reader thread copies each update's dirty rectangles into a shadow
 * array and posts one repaint through the {@link UiChangeQueue}; the FX thread then writes only
 * the dirty area into the image. Input is sent on {@code input}, never on the FX thread.
 */
public final class VncView extends Region implements VncListener {
    private static final PixelFormat<java.nio.IntBuffer> ARGB = PixelFormat.getIntArgbInstance();

    private final UiChangeQueue ui;
    private final Executor input;
    private final ImageView imageView = new ImageView();
    private final AtomicBoolean repaintPosted = new AtomicBoolean();
    private final Object lock = new Object();
    // Guarded by lock: the reader thread's copy of the screen and the area not yet painted.
    private int[] shadow = new int[0];
    private int width;
    private int height;
    private int dirtyX0 = Integer.MAX_VALUE;
    private int dirtyY0 = Integer.MAX_VALUE;
    private int dirtyX1;
    private int dirtyY1;
    private WritableImage image;
    private volatile VncClient client;
    private int buttons;

    public VncView(UiChangeQueue ui, Executor input) {
        this.ui = ui;
        this.input = input;
        getChildren().add(imageView);
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
    }

    /** The session whose input this view sends; its listener must be this view. */
    public void attach(VncClient session) {
        this.client = session;
    }

    /** The picture on screen, for the console's screenshot and for tests. */
    public Image screen() {
        return image;
    }

    @Override
    public void framebufferResized(Framebuffer framebuffer) {
        framebufferUpdated(framebuffer, List.of(new Rect(0, 0, framebuffer.width(), framebuffer.height())));
    }

    @Override
    public void framebufferUpdated(Framebuffer framebuffer, List<Rect> dirty) {
        synchronized (lock) {
            if (framebuffer.width() != width || framebuffer.height() != height) {
                width = framebuffer.width();
                height = framebuffer.height();
                shadow = new int[width * height];
                dirty = List.of(new Rect(0, 0, width, height));
            }
            int[] pixels = framebuffer.pixels();
            for (Rect r : dirty) {
                for (int row = r.y(); row < r.y() + r.height(); row++) {
                    System.arraycopy(pixels, row * width + r.x(), shadow, row * width + r.x(), r.width());
                }
                dirtyX0 = Math.min(dirtyX0, r.x());
                dirtyY0 = Math.min(dirtyY0, r.y());
                dirtyX1 = Math.max(dirtyX1, r.x() + r.width());
                dirtyY1 = Math.max(dirtyY1, r.y() + r.height());
            }
        }
        if (!dirty.isEmpty() && repaintPosted.compareAndSet(false, true)) {
            ui.post(this::paint);
        }
    }

    private void paint() {
        repaintPosted.set(false);
        synchronized (lock) {
            if (dirtyX1 <= dirtyX0 || dirtyY1 <= dirtyY0) {
                return;
            }
            if (image == null || (int) image.getWidth() != width || (int) image.getHeight() != height) {
                image = new WritableImage(width, height);
                imageView.setImage(image);
                requestLayout();
            }
            image.getPixelWriter().setPixels(dirtyX0, dirtyY0, dirtyX1 - dirtyX0, dirtyY1 - dirtyY0,
                    ARGB, shadow, dirtyY0 * width + dirtyX0, width);
            dirtyX0 = Integer.MAX_VALUE;
            dirtyY0 = Integer.MAX_VALUE;
            dirtyX1 = 0;
            dirtyY1 = 0;
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

    private void key(KeyEvent e, boolean down) {
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
        int x = (int) e.getX();
        int y = (int) e.getY();
        send(session -> session.pointer(mask, x, y));
        e.consume();
    }

    private void scroll(ScrollEvent e) {
        // RFB's wheel is buttons 4 (up) and 5 (down), pressed and released once per notch.
        int wheel = e.getDeltaY() > 0 ? 8 : e.getDeltaY() < 0 ? 16 : 0;
        int mask = buttons;
        int x = (int) e.getX();
        int y = (int) e.getY();
        if (wheel != 0) {
            send(session -> {
                session.pointer(mask | wheel, x, y);
                session.pointer(mask, x, y);
            });
        }
        e.consume();
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
