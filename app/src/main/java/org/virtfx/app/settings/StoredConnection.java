package org.virtfx.app.settings;

/** A connection the manager remembers: its URI and whether it connects at start-up. */
public record StoredConnection(String uri, boolean autoconnect) {
}
