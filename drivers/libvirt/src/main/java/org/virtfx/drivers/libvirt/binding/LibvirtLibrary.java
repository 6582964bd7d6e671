package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * libvirt's client library, {@code libvirt.so.0} (Debian package {@code libvirt0}), loaded once
 * per process. Loading it also runs {@code virInitialize()} and replaces libvirt's default error
 * function, which would print every error on standard error, with one that stays silent: errors
 * are read back per thread with {@code virGetLastError()} instead (see {@link LastError}).
 */
public final class LibvirtLibrary {
    /** The soname the binding loads: the ABI libvirt has kept since 0.x. */
    public static final String SONAME = "libvirt.so.0";

    /**
     * {@code void (*virErrorFunc)(void *userData, virErrorPtr error)}; held in a static field for
     * the life of the process, because libvirt keeps the pointer and JNA frees the native stub of
     * a callback the garbage collector takes.
     */
    interface ErrorFunc extends Callback {
        void invoke(Pointer userData, Pointer error);
    }

    private static final ErrorFunc SILENT = new ErrorFunc() {
        @Override
        public void invoke(Pointer userData, Pointer error) {
            // Errors are read with virGetLastError by the thread whose call failed.
        }
    };

    /** Guards the one-time load; process-wide state is the point, as the library is loaded once. */
    private static final Object LOCK = new Object();
    private static NativeLibrary loaded;

    private LibvirtLibrary() {
    }

    /**
     * Whether a library of this name can be loaded: empty when it can, the loader's reason when
     * not. Tries the name the same way {@link #require()} would, but initialises nothing.
     */
    public static Optional<String> unavailable(String soname) {
        if (soname.equals(SONAME)) {
            synchronized (LOCK) {
                if (loaded != null) {
                    return Optional.empty();
                }
            }
        }
        try {
            NativeLibrary.getInstance(soname);
            return Optional.empty();
        } catch (UnsatisfiedLinkError e) {
            return Optional.of(e.getMessage().lines().findFirst().orElse("cannot load " + soname));
        }
    }

    /** What a person reads when the library is missing. */
    public static String notInstalled(String soname) {
        return "libvirt's client library " + soname + " is not installed (Debian package libvirt0)";
    }

    /**
     * The loaded and initialised library.
     *
     * @throws VirtException {@link ErrorCode#NO_CONNECT} when it cannot be loaded
     */
    public static NativeLibrary require() {
        synchronized (LOCK) {
            if (loaded == null) {
                if (Native.LONG_SIZE != 8) {
                    throw VirtException.of(ErrorCode.NO_CONNECT, "the libvirt binding needs a 64-bit Linux");
                }
                NativeLibrary library;
                try {
                    library = NativeLibrary.getInstance(SONAME);
                } catch (UnsatisfiedLinkError e) {
                    throw new VirtException(ErrorCode.NO_CONNECT, notInstalled(SONAME), e.getMessage(), e);
                }
                Native.register(LibvirtLibrary.class, library);
                if (virInitialize() < 0) {
                    throw new VirtException(ErrorCode.INTERNAL_ERROR, "libvirt failed to initialise (virInitialize)");
                }
                virSetErrorFunc(null, SILENT);
                loaded = library;
            }
            return loaded;
        }
    }

    /** The version of the loaded library, as {@code virGetVersion} reports it (major * 1,000,000 + ...). */
    public static long version() {
        require();
        long[] version = new long[1];
        Errors.check(virGetVersion(version, null, null));
        return version[0];
    }

    /** {@code int virInitialize(void)}: sets up the library; safe to call more than once. */
    private static native int virInitialize();

    /** {@code void virSetErrorFunc(void *userData, virErrorFunc handler)}: the process-wide error hook. */
    private static native void virSetErrorFunc(Pointer userData, ErrorFunc handler);

    /**
     * {@code int virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer)}:
     * the library's version; type and typeVer may be NULL.
     */
    private static native int virGetVersion(long[] libVer, byte[] type, long[] typeVer);
}
