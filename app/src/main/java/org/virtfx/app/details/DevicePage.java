package org.virtfx.app.details;

import org.virtfx.core.domain.DomainSummary;

/**
 * A device VirtFX has no form for (video, input, controller...): its XML tab is the editor, and
 * it can be removed.
 */
public final class DevicePage extends DetailsPage {

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        // Nothing but the XML tab, which the window fills.
    }

    @Override
    public String applyTo(DomainDocument document) {
        return document.xml();
    }
}
