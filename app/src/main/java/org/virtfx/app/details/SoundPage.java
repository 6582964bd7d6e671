package org.virtfx.app.details;

import javafx.beans.property.StringProperty;

/** A sound card: its model (ich9, ich6, ac97...). */
public final class SoundPage extends AttributeChoicesPage {

    public SoundPage() {
        super("Sound Device", "sound", DeviceChoices.SOUND_MODEL);
    }

    public StringProperty modelProperty() {
        return field(DeviceChoices.SOUND_MODEL);
    }
}
