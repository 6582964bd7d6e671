package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import org.virtfx.core.error.VirtException;

/**
 * Turns libvirt's failure returns into exceptions. libvirt keeps the last error per thread; a
 * failed call is checked on the thread that made it, so {@code virGetLastError()} reads the error
 * of that very call. It is reset after reading, so a later success never reports a stale error.
 */
final class Errors {
    /** Offsets in {@code struct _virError}: int code; int domain; char *message; virErrorLevel level; ... */
    private static final int CODE = 0;
    private static final int DOMAIN = 4;
    private static final int MESSAGE = 8;
    private static final int LEVEL = 16;

    static {
        Native.register(Errors.class, LibvirtLibrary.require());
    }

    private Errors() {
    }

    /** The calling thread's last error as an exception, reset afterwards. */
    static VirtException last(String call) {
        Pointer error = virGetLastError();
        if (error == null) {
            return new LibvirtError(1, 0, 2, "internal error: " + call + " failed without an error from libvirt")
                    .toException();
        }
        Pointer message = error.getPointer(MESSAGE);
        LibvirtError read = new LibvirtError(error.getInt(CODE), error.getInt(DOMAIN), error.getInt(LEVEL),
                message == null ? call + " failed" : message.getString(0, StandardCharsets.UTF_8.name()));
        virResetLastError();
        return read.toException();
    }

    /** Forgets the calling thread's last error, after a failure the caller handles itself. */
    static void reset() {
        virResetLastError();
    }

    /** A libvirt int return: negative is failure. */
    static int check(int result, String call) {
        if (result < 0) {
            throw last(call);
        }
        return result;
    }

    /** A libvirt int return: negative is failure (for calls without a name worth quoting). */
    static int check(int result) {
        return check(result, "a libvirt call");
    }

    /** A libvirt pointer return: NULL is failure. */
    static Pointer check(Pointer result, String call) {
        if (result == null) {
            throw last(call);
        }
        return result;
    }

    /**
     * A string libvirt allocated for the caller ({@code char *} the caller must free): read as
     * UTF-8, then freed with the C library's {@code free()}, as libvirt documents.
     */
    static String takeString(Pointer result, String call) {
        check(result, call);
        try {
            return result.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            Native.free(Pointer.nativeValue(result));
        }
    }

    /** A {@code const char *} libvirt keeps (a name): read, never freed. */
    static String borrowString(Pointer result, String call) {
        return check(result, call).getString(0, StandardCharsets.UTF_8.name());
    }

    /** A Java string as the NUL-terminated UTF-8 libvirt takes for {@code const char *}; null stays NULL. */
    static byte[] cString(String text) {
        if (text == null) {
            return null;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, terminated, 0, utf8.length);
        return terminated;
    }

    /** {@code virErrorPtr virGetLastError(void)}: the calling thread's last error, owned by libvirt; NULL if none. */
    private static native Pointer virGetLastError();

    /** {@code void virResetLastError(void)}: clears the calling thread's last error. */
    private static native void virResetLastError();
}
