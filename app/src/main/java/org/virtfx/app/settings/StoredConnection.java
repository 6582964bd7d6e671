package org.virtfx.app.settings;

import java.util.Objects;
import org.virtfx.core.connect.DriverChoice;

/** A connection the manager remembers: its URI, whether it connects at start-up, and which driver serves it. */
public record StoredConnection(String uri, boolean autoconnect, DriverChoice driver) {

    public StoredConnection {
        Objects.requireNonNull(driver);
    }

    /** A connection left to the automatic choice of driver. */
    public StoredConnection(String uri, boolean autoconnect) {
        this(uri, autoconnect, DriverChoice.AUTO);
    }
}
