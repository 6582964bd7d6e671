package org.virtfx.core.connect;

/**
 * Who runs GLib's default main context in this process. A GUI toolkit that runs it for its own
 * events (JavaFX's GTK glass runs it in {@code gtk_main} on the FX thread) says so before any
 * connection opens; drivers whose native library attaches its sources to that same context
 * (libvirt's default event loop does) then let the toolkit's loop dispatch them, instead of
 * iterating the context on a thread of their own, which would also run the toolkit's pending
 * callbacks there, off its thread.
 */
public final class GLibMainContext {
    /** System property: {@code toolkit} when a GUI toolkit runs the default main context. */
    public static final String PROPERTY = "virtfx.glib.main-context";

    private GLibMainContext() {
    }

    /** Called by the GUI before it opens connections, when its toolkit runs the context. */
    public static void runByToolkit() {
        System.setProperty(PROPERTY, "toolkit");
    }

    /** Whether a GUI toolkit runs the default main context. */
    public static boolean isRunByToolkit() {
        return "toolkit".equals(System.getProperty(PROPERTY));
    }
}
