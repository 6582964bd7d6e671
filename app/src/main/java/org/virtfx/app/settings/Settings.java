package org.virtfx.app.settings;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the manager remembers between runs: the connection list (in the order shown), which
 * confirmations to ask, how often to poll statistics of visible guests, whether XML may be
 * edited in the VM window (off by default, as in virt-manager), the colour theme, what new
 * machines get (Preferences ▸ New VM) and how the VM window's console behaves (Preferences ▸
 * Console).
 */
public record Settings(List<StoredConnection> connections, Map<ConfirmKind, Boolean> confirmations,
                       int pollIntervalSeconds, boolean xmlEditing, Theme theme, NewVmDefaults newVm,
                       ConsoleSettings console) {

    /** virt-manager's "Update status every 3 seconds". */
    public static final int DEFAULT_POLL_SECONDS = 3;

    public Settings {
        connections = List.copyOf(connections);
        EnumMap<ConfirmKind, Boolean> all = new EnumMap<>(ConfirmKind.class);
        for (ConfirmKind kind : ConfirmKind.values()) {
            all.put(kind, confirmations.getOrDefault(kind, kind.askByDefault()));
        }
        confirmations = Map.copyOf(all);
        if (pollIntervalSeconds < 1) {
            throw new IllegalArgumentException("poll interval must be at least 1 second");
        }
        java.util.Objects.requireNonNull(theme);
        java.util.Objects.requireNonNull(newVm);
        java.util.Objects.requireNonNull(console);
    }

    /** Settings with XML editing off, the light theme, the system's new-VM and console defaults. */
    public Settings(List<StoredConnection> connections, Map<ConfirmKind, Boolean> confirmations,
                    int pollIntervalSeconds) {
        this(connections, confirmations, pollIntervalSeconds, false, Theme.LIGHT, NewVmDefaults.SYSTEM, ConsoleSettings.DEFAULTS);
    }

    public static Settings defaults() {
        return new Settings(List.of(), Map.of(), DEFAULT_POLL_SECONDS);
    }

    public boolean asks(ConfirmKind kind) {
        return confirmations.get(kind);
    }

    public Settings withConfirmation(ConfirmKind kind, boolean ask) {
        EnumMap<ConfirmKind, Boolean> copy = new EnumMap<>(confirmations);
        copy.put(kind, ask);
        return new Settings(connections, copy, pollIntervalSeconds, xmlEditing, theme, newVm, console);
    }

    public Settings withPollInterval(int seconds) {
        return new Settings(connections, confirmations, seconds, xmlEditing, theme, newVm, console);
    }

    public Settings withXmlEditing(boolean enabled) {
        return new Settings(connections, confirmations, pollIntervalSeconds, enabled, theme, newVm, console);
    }

    public Settings withTheme(Theme newTheme) {
        return new Settings(connections, confirmations, pollIntervalSeconds, xmlEditing, newTheme, newVm, console);
    }

    public Settings withNewVm(NewVmDefaults defaults) {
        return new Settings(connections, confirmations, pollIntervalSeconds, xmlEditing, theme, defaults,
                console);
    }

    public Settings withConsole(ConsoleSettings choices) {
        return new Settings(connections, confirmations, pollIntervalSeconds, xmlEditing, theme, newVm, choices);
    }

    /** Adds the connection at the end, or updates its autoconnect flag if the URI is known. */
    public Settings withConnection(StoredConnection connection) {
        List<StoredConnection> copy = new ArrayList<>(connections);
        int at = indexOf(connection.uri());
        if (at >= 0) {
            copy.set(at, connection);
        } else {
            copy.add(connection);
        }
        return new Settings(copy, confirmations, pollIntervalSeconds, xmlEditing, theme, newVm, console);
    }

    public Settings withoutConnection(String uri) {
        return new Settings(connections.stream().filter(c -> !c.uri().equals(uri)).toList(),
                confirmations, pollIntervalSeconds, xmlEditing, theme, newVm, console);
    }

    private int indexOf(String uri) {
        for (int i = 0; i < connections.size(); i++) {
            if (connections.get(i).uri().equals(uri)) {
                return i;
            }
        }
        return -1;
    }
}
