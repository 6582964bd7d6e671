package org.virtfx.app.details;

import org.virtfx.core.domain.DomainSummary;

/** A TPM: its model and backend, an emulated TPM of a version or the host's passed through. */
public final class TpmPage extends DetailsPage {
    private final TpmFields fields = new TpmFields("", "", "", "");

    public TpmPage() {
        track(fields.all());
    }

    public TpmFields fields() {
        return fields;
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        fields.load(document.device(item.element(), item.index()));
    }

    @Override
    public String applyTo(DomainDocument document) {
        return document.editedDevice(item().element(), item().index(), fields::applyTo);
    }
}
