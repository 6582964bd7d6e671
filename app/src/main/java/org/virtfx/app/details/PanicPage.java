package org.virtfx.app.details;

import javafx.beans.property.StringProperty;

/** A panic notifier: its model (isa, pvpanic, hyperv...), blank for the machine's default. */
public final class PanicPage extends AttributeChoicesPage {

    public PanicPage() {
        super("Panic Notifier", "panic", DeviceChoices.PANIC_MODEL);
    }

    public StringProperty modelProperty() {
        return field(DeviceChoices.PANIC_MODEL);
    }
}
