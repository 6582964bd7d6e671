package org.virtfx.core.error;

/**
 * What went wrong, in libvirt's terms. Each code carries the prefix libvirt puts in front of
 * the detail, so that {@code error: Requested operation is not valid: domain is not running}
 * reads the same in VirtFX's command line as in virsh.
 */
public enum ErrorCode {
    INTERNAL_ERROR("internal error"),
    NO_SUPPORT("this function is not supported by the connection driver"),
    NO_CONNECT("no connection driver available"),
    INVALID_ARG("invalid argument"),
    XML_ERROR("XML error"),
    XML_DETAIL(""),
    CONFIG_UNSUPPORTED("unsupported configuration"),
    OPERATION_FAILED("operation failed"),
    OPERATION_INVALID("Requested operation is not valid"),
    OPERATION_UNSUPPORTED("Operation not supported"),
    OPERATION_TIMEOUT("Timed out during operation"),
    OPERATION_ABORTED("operation aborted"),
    NO_DOMAIN("Domain not found"),
    NO_NETWORK("Network not found"),
    NO_STORAGE_POOL("Storage pool not found"),
    NO_STORAGE_VOL("Storage volume not found"),
    NO_INTERFACE("Interface not found"),
    NO_DOMAIN_SNAPSHOT("Domain snapshot not found"),
    SNAPSHOT_REVERT_RISKY("revert requires force"),
    DOMAIN_EXISTS("operation failed"),
    SYSTEM_ERROR("");

    private final String prefix;

    ErrorCode(String prefix) {
        this.prefix = prefix;
    }

    /** The words libvirt writes before the detail; empty when the detail stands alone. */
    public String prefix() {
        return prefix;
    }
}
