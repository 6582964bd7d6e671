package org.virtfx.app.preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.settings.ConfirmKind;
import org.virtfx.app.settings.ConsoleScaling;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.settings.StoredConnection;
import org.virtfx.app.settings.Theme;

class PreferencesTest {
    @TempDir
    Path dir;

    @Test
    void eachChangeUpdatesTheStoredSettingsWithoutLosingConnections() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("virtfx/settings.conf"));
        AtomicReference<Settings> current = new AtomicReference<>(Settings.defaults()
                .withConnection(new StoredConnection("test:///default", true)));
        Preferences preferences = new Preferences(current.get(), change -> {
            current.set(change.apply(current.get()));
            try {
                store.save(current.get());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        preferences.xmlEditingProperty().set(true);
        preferences.themeProperty().set(Theme.DARK);
        preferences.pollSecondsProperty().set(7);
        preferences.confirmProperty(ConfirmKind.DEVICE_REMOVAL).set(false);
        preferences.newVmProperty().set(preferences.newVmProperty().get().withFirmware("uefi"));
        preferences.consoleAutoconnectProperty().set(false);
        preferences.consoleScalingProperty().set(ConsoleScaling.NEVER);

        Settings loaded = store.load();
        assertEquals("uefi", loaded.newVm().firmware());
        assertFalse(loaded.console().autoconnect());
        assertEquals(ConsoleScaling.NEVER, loaded.console().scaling());
        assertTrue(loaded.xmlEditing());
        assertEquals(Theme.DARK, loaded.theme());
        assertEquals(7, loaded.pollIntervalSeconds());
        assertFalse(loaded.asks(ConfirmKind.DEVICE_REMOVAL));
        assertEquals("test:///default", loaded.connections().get(0).uri());
        assertTrue(Files.readString(store.file()).contains("[general]\nxml-editing = true\ntheme = dark\n"));
    }

    @Test
    void anUnknownThemeIsASettingsError() throws Exception {
        Path file = dir.resolve("settings.conf");
        Files.writeString(file, "[general]\ntheme = purple\n");
        var loaded = new SettingsStore(file).loadOrRecover();
        assertTrue(loaded.problem().orElseThrow().getMessage().contains("theme must be light or dark, not 'purple'"));
        assertEquals(Theme.LIGHT, loaded.settings().theme());
    }
}
