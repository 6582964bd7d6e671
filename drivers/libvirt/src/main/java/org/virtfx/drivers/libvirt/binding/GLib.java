package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** The one GLib call the event loop needs; libvirt.so.0 links GLib, so it is loaded already. */
final class GLib {
    static {
        LibvirtLibrary.require();
        Native.register(GLib.class, NativeLibrary.getInstance("libglib-2.0.so.0"));
    }

    private GLib() {
    }

    /** Whether the calling thread runs GLib's default main context now (the toolkit's thread, in its loop). */
    static boolean ownsDefaultContext() {
        return g_main_context_is_owner(null) != 0;
    }

    /** {@code gboolean g_main_context_is_owner(GMainContext *context)}: NULL is the default context. */
    private static native int g_main_context_is_owner(Pointer context);
}
