package org.virtfx.drivers.qemu.argv;

/**
 * A disk's {@code <driver cache>}: what libvirt turns it into on the block nodes (O_DIRECT,
 * flushes ignored) and on the device (the guest-visible write cache).
 */
enum CacheMode {
    NONE("none", true, false, true),
    WRITETHROUGH("writethrough", false, false, false),
    WRITEBACK("writeback", false, false, true),
    DIRECTSYNC("directsync", true, false, false),
    UNSAFE("unsafe", false, true, true);

    private final String xml;
    private final boolean direct;
    private final boolean noFlush;
    private final boolean writeCache;

    CacheMode(String xml, boolean direct, boolean noFlush, boolean writeCache) {
        this.xml = xml;
        this.direct = direct;
        this.noFlush = noFlush;
        this.writeCache = writeCache;
    }

    static CacheMode of(String value) {
        for (CacheMode m : values()) {
            if (m.xml.equals(value)) {
                return m;
            }
        }
        throw DomainNode.unsupported("disk cache mode '" + value + "'");
    }

    Props props() {
        return Props.of("direct", direct).put("no-flush", noFlush);
    }

    /** The device's {@code write-cache} property. */
    String writeCache() {
        return writeCache ? "on" : "off";
    }
}
