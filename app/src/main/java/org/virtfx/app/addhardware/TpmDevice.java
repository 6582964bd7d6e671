package org.virtfx.app.addhardware;

import org.virtfx.app.details.TpmFields;
import org.virtfx.core.xml.XmlElement;

/** A TPM: emulated (virt-manager's default, a CRB TPM 2.0) or the host's passed through. */
public final class TpmDevice implements NewDevice {
    private final TpmFields fields = new TpmFields("tpm-crb", "emulator", "2.0", "/dev/tpm0");

    public TpmFields fields() {
        return fields;
    }

    @Override
    public XmlElement element() {
        return fields.element();
    }
}
