package org.virtfx.app.addhardware;

import org.virtfx.app.details.RngBackendFields;
import org.virtfx.core.xml.XmlElement;

/** A virtio RNG fed by a host random source (/dev/urandom by default) or an EGD daemon. */
public final class RngDevice implements NewDevice {
    private final RngBackendFields backend = new RngBackendFields("random", "/dev/urandom");

    public RngBackendFields backend() {
        return backend;
    }

    @Override
    public XmlElement element() {
        return new XmlElement("rng").setAttribute("model", "virtio").append(backend.element());
    }
}
