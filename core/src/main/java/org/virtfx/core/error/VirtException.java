package org.virtfx.core.error;

import java.util.Objects;

/**
 * The one error type of the driver layer: a code, a one-line message a person understands
 * (what virsh prints after {@code error: }), and an optional technical detail for an
 * expander or the log.
 */
public final class VirtException extends RuntimeException {
    private final ErrorCode code;
    private final String detail;

    public VirtException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public VirtException(ErrorCode code, String message, String detail, Throwable cause) {
        super(Objects.requireNonNull(message), cause);
        this.code = Objects.requireNonNull(code);
        this.detail = detail;
    }

    /** An error whose message is libvirt's prefix for the code followed by the detail. */
    public static VirtException of(ErrorCode code, String what) {
        String prefix = code.prefix();
        return new VirtException(code, prefix.isEmpty() ? what : prefix + ": " + what);
    }

    /** A failed file or system call: what was being done, and the operating system's reason. */
    public static VirtException system(String what, java.io.IOException cause) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, what + ": " + cause.getMessage(), cause.toString(), cause);
    }

    /** The error every default method of a driver family throws. */
    public static VirtException unsupported(String driver, String operation) {
        return new VirtException(ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: " + operation
                        + " (unsupported by " + driver + ")");
    }

    public ErrorCode code() {
        return code;
    }

    /** Technical detail (file, position, underlying cause), or null. */
    public String detail() {
        return detail;
    }
}
