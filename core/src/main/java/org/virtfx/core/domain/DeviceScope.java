package org.virtfx.core.domain;

/**
 * Which definition a device change affects, as libvirt's {@code VIR_DOMAIN_AFFECT_LIVE} and
 * {@code VIR_DOMAIN_AFFECT_CONFIG} (virsh's {@code --live} and {@code --config}) say: the
 * running guest, the persistent definition used at the next start, or both.
 */
public enum DeviceScope {
    LIVE,
    CONFIG
}
