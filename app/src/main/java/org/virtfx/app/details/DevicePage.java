package org.virtfx.app.details;

import org.virtfx.core.domain.DomainSummary;

/**
 * A device VirtFX has no form for (smartcard, USB redirector, host device...): its XML tab is
 * the editor, and it can be removed.
 */
public final class DevicePage extends ShownDevicePage {

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        // Nothing but the XML tab, which the window fills.
    }
}
