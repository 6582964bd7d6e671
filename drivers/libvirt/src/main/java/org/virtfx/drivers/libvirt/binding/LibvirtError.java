package org.virtfx.drivers.libvirt.binding;

import java.util.Map;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * One libvirt error as {@code virGetLastError()} reports it: the {@code virErrorNumber} code, the
 * {@code virErrorDomain} that raised it, its {@code virErrorLevel}, and the message, which already
 * carries libvirt's prefix ("Requested operation is not valid: domain is not running"), the text
 * virsh prints after {@code error: }. It travels as the cause of the {@link VirtException} the
 * binding throws, so code that needs libvirt's numbers can read them with {@link #of}.
 */
public final class LibvirtError extends Exception {
    /** {@code VIR_ERR_NO_SUPPORT}: the driver has no such function. */
    public static final int NO_SUPPORT = 3;
    /** {@code VIR_ERR_NO_DOMAIN}. */
    public static final int NO_DOMAIN = 42;
    /** {@code VIR_ERR_NO_NETWORK}. */
    public static final int NO_NETWORK = 43;
    /** {@code VIR_ERR_AUTH_FAILED}. */
    public static final int AUTH_FAILED = 45;
    /** {@code VIR_ERR_NO_STORAGE_POOL}. */
    public static final int NO_STORAGE_POOL = 49;
    /** {@code VIR_ERR_NO_STORAGE_VOL}. */
    public static final int NO_STORAGE_VOL = 50;
    /** {@code VIR_ERR_NO_DOMAIN_SNAPSHOT}. */
    public static final int NO_DOMAIN_SNAPSHOT = 72;
    /** {@code VIR_ERR_OPERATION_UNSUPPORTED}. */
    public static final int OPERATION_UNSUPPORTED = 84;

    /** libvirt's codes that have a counterpart in core's {@link ErrorCode}; the rest are internal errors. */
    private static final Map<Integer, ErrorCode> CORE_CODES = Map.ofEntries(
            Map.entry(1, ErrorCode.INTERNAL_ERROR),
            Map.entry(NO_SUPPORT, ErrorCode.NO_SUPPORT),
            Map.entry(5, ErrorCode.NO_CONNECT),
            Map.entry(8, ErrorCode.INVALID_ARG),
            Map.entry(9, ErrorCode.OPERATION_FAILED),
            Map.entry(27, ErrorCode.XML_ERROR),
            Map.entry(28, ErrorCode.DOMAIN_EXISTS),
            Map.entry(35, ErrorCode.XML_DETAIL),
            Map.entry(38, ErrorCode.SYSTEM_ERROR),
            Map.entry(NO_DOMAIN, ErrorCode.NO_DOMAIN),
            Map.entry(NO_NETWORK, ErrorCode.NO_NETWORK),
            Map.entry(AUTH_FAILED, ErrorCode.NO_CONNECT),
            Map.entry(NO_STORAGE_POOL, ErrorCode.NO_STORAGE_POOL),
            Map.entry(NO_STORAGE_VOL, ErrorCode.NO_STORAGE_VOL),
            Map.entry(55, ErrorCode.OPERATION_INVALID),
            Map.entry(57, ErrorCode.NO_INTERFACE),
            Map.entry(67, ErrorCode.CONFIG_UNSUPPORTED),
            Map.entry(68, ErrorCode.OPERATION_TIMEOUT),
            Map.entry(NO_DOMAIN_SNAPSHOT, ErrorCode.NO_DOMAIN_SNAPSHOT),
            Map.entry(74, ErrorCode.NO_SUPPORT),
            Map.entry(77, ErrorCode.SNAPSHOT_REVERT_RISKY),
            Map.entry(78, ErrorCode.OPERATION_ABORTED),
            Map.entry(79, ErrorCode.NO_CONNECT),
            Map.entry(OPERATION_UNSUPPORTED, ErrorCode.NO_SUPPORT));

    private final int code;
    private final int domain;
    private final int level;

    public LibvirtError(int code, int domain, int level, String message) {
        super(message, null, false, false);
        this.code = code;
        this.domain = domain;
        this.level = level;
    }

    /** libvirt's {@code virErrorNumber}. */
    public int code() {
        return code;
    }

    /** libvirt's {@code virErrorDomain}: which part of libvirt raised it (12 is the test driver). */
    public int domain() {
        return domain;
    }

    /** libvirt's {@code virErrorLevel}: 1 warning, 2 error. */
    public int level() {
        return level;
    }

    /** The nearest of core's codes; libvirt's own code stays readable through {@link #code()}. */
    public ErrorCode coreCode() {
        return CORE_CODES.getOrDefault(code, ErrorCode.INTERNAL_ERROR);
    }

    /** The exception the binding throws: libvirt's message unchanged, this error as its cause. */
    public VirtException toException() {
        return new VirtException(coreCode(), getMessage(),
                "libvirt error code " + code + ", domain " + domain + ", level " + level, this);
    }

    /** The libvirt error behind an exception the binding threw, if it came from libvirt. */
    public static Optional<LibvirtError> of(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof LibvirtError error) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }

    /** Whether the exception is libvirt's error of this code. */
    public static boolean is(Throwable thrown, int code) {
        return of(thrown).filter(e -> e.code == code).isPresent();
    }
}
