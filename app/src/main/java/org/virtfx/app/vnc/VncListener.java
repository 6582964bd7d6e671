package org.virtfx.app.vnc;

import java.io.IOException;
import java.util.List;

/**
 * What a VNC session tells its viewer. Every call comes on the client's reader thread, while
 * the framebuffer holds exactly what the call announces; a viewer copies what it needs before
 * returning and hands it to its own thread.
 */
public interface VncListener {
    /** The screen changed size (DesktopSize, ExtendedDesktopSize): repaint all of it. */
    default void framebufferResized(Framebuffer framebuffer) {
    }

    /** One FramebufferUpdate is decoded: these regions changed. */
    default void framebufferUpdated(Framebuffer framebuffer, List<Rect> dirty) {
    }

    default void cursorChanged(CursorShape cursor) {
    }

    default void bell() {
    }

    default void serverCutText(String text) {
    }

    /** The session ended: {@code error} is null after {@link VncClient#close()}, else what ended it. */
    default void disconnected(IOException error) {
    }
}
