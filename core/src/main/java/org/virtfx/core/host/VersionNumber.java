package org.virtfx.core.host;

/** A version as libvirt encodes it: {@code major * 1,000,000 + minor * 1,000 + release}. */
public record VersionNumber(int major, int minor, int release) {
    /** The libvirt release whose behaviour and XML VirtFX matches; native drivers report it as their library's. */
    public static final VersionNumber LIBVIRT_COMPATIBLE = new VersionNumber(9, 9, 0);

    public static VersionNumber decode(long encoded) {
        return new VersionNumber((int) (encoded / 1_000_000), (int) (encoded / 1_000 % 1_000),
                (int) (encoded % 1_000));
    }

    public long encode() {
        return major * 1_000_000L + minor * 1_000L + release;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + release;
    }
}
