package org.virtfx.app.details;

import javafx.beans.property.StringProperty;

/** A watchdog: its model and what the hypervisor does when the guest stops feeding it. */
public final class WatchdogPage extends AttributeChoicesPage {

    public WatchdogPage() {
        super("Watchdog", "watchdog", DeviceChoices.WATCHDOG_MODEL, DeviceChoices.WATCHDOG_ACTION);
    }

    public StringProperty modelProperty() {
        return field(DeviceChoices.WATCHDOG_MODEL);
    }

    /** Blank for libvirt's default, reset. */
    public StringProperty actionProperty() {
        return field(DeviceChoices.WATCHDOG_ACTION);
    }
}
