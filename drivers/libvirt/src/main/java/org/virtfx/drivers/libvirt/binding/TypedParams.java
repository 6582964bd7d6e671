package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * A {@code virTypedParameter} array built by libvirt's own helpers ({@code virTypedParamsAdd*}),
 * which grow it and copy the strings, so this binding never lays the union out itself. Passed to
 * calls that take {@code (virTypedParameterPtr params, int nparams)}, and freed with
 * {@code virTypedParamsFree} on close.
 */
public final class TypedParams implements AutoCloseable {
    static {
        Native.register(TypedParams.class, LibvirtLibrary.require());
    }

    private final PointerByReference params = new PointerByReference();
    private final int[] count = new int[1];
    private final int[] capacity = new int[1];
    private boolean closed;

    /** Adds a string parameter ({@code VIR_TYPED_PARAM_STRING}); libvirt copies the value. */
    public TypedParams addString(String name, String value) {
        Errors.check(virTypedParamsAddString(params, count, capacity, Errors.cString(name), Errors.cString(value)),
                "virTypedParamsAddString");
        return this;
    }

    /** Adds an unsigned 64-bit parameter ({@code VIR_TYPED_PARAM_ULLONG}). */
    public TypedParams addULong(String name, long value) {
        Errors.check(virTypedParamsAddULLong(params, count, capacity, Errors.cString(name), value),
                "virTypedParamsAddULLong");
        return this;
    }

    /** How many parameters there are. */
    public int size() {
        return count[0];
    }

    /** The array, NULL while it is empty. */
    Pointer array() {
        if (closed) {
            throw new IllegalStateException("the typed parameters are freed");
        }
        return params.getValue();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            virTypedParamsFree(params.getValue(), count[0]);
        }
    }

    /** {@code int virTypedParamsAddString(virTypedParameterPtr *params, int *nparams, int *maxparams, const char *name, const char *value)}. */
    private static native int virTypedParamsAddString(PointerByReference params, int[] nparams, int[] maxparams,
                                                      byte[] name, byte[] value);

    /** {@code int virTypedParamsAddULLong(virTypedParameterPtr *params, int *nparams, int *maxparams, const char *name, unsigned long long value)}. */
    private static native int virTypedParamsAddULLong(PointerByReference params, int[] nparams, int[] maxparams,
                                                      byte[] name, long value);

    /** {@code void virTypedParamsFree(virTypedParameterPtr params, int nparams)}: the strings too; NULL is fine. */
    private static native void virTypedParamsFree(Pointer params, int nparams);
}
