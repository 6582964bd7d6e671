package org.virtfx.app.hostdetails;

import java.util.function.Consumer;

/**
 * The connection as the settings remember it, for Connection Details' Overview: its name, and
 * whether it connects when VirtFX starts; {@code saveAutoconnect} stores a change with the
 * connection in the settings.
 */
public record RememberedConnection(String name, boolean autoconnect, Consumer<Boolean> saveAutoconnect) {

    /** A connection with nothing to remember, as in tests or a window without settings. */
    public static RememberedConnection unsaved(String name) {
        return new RememberedConnection(name, false, value -> { });
    }
}
