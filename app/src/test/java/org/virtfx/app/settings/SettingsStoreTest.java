package org.virtfx.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.folders.UserFolders;
import org.virtfx.core.connect.DriverChoice;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void connectionsAndConfirmationsSurviveARestart() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("virtfx/settings.conf"));
        Settings saved = Settings.defaults()
                .withConnection(new StoredConnection("test:///default", true))
                .withConnection(new StoredConnection("qemu+ssh://root@host/system", false, DriverChoice.LIBVIRT))
                .withConnection(new StoredConnection("qemu:///session", false, DriverChoice.BUILTIN))
                .withConfirmation(ConfirmKind.FORCE_OFF, false);
        store.save(saved);
        Settings loaded = new SettingsStore(dir.resolve("virtfx/settings.conf")).load();
        assertEquals(saved, loaded);
        assertFalse(loaded.asks(ConfirmKind.FORCE_OFF));
        try (var files = Files.list(dir.resolve("virtfx"))) {
            assertEquals(List.of("settings.conf"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void newVmAndConsolePreferencesSurviveARestart() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("virtfx/settings.conf"));
        Settings saved = Settings.defaults().withNewVm(NewVmDefaults.SYSTEM.withGraphics("spice")
                .withStorageFormat("raw").withCpu("host-model").withFirmware("uefi")).withConsole(new ConsoleSettings(false, ConsoleScaling.ALWAYS))
                .withConnection(new StoredConnection("test:///default", true));
        store.save(saved);
        assertEquals(saved, store.load());
        assertTrue(Files.readString(store.file()).contains("[new-vm]\ngraphics = spice\nstorage-format = raw\n"
                + "cpu = host-model\nfirmware = uefi\n"), Files.readString(store.file()));
        assertTrue(Files.readString(store.file()).contains("[console]\nautoconnect = false\nscaling = always\n"),
                Files.readString(store.file()));
    }

    @Test
    void anUnknownConsoleScalingNamesTheChoices() throws IOException {
        Path file = dir.resolve("settings.conf");
        Files.writeString(file, "[console]\nscaling = stretch\n");
        SettingsException e = assertThrows(SettingsException.class, () -> new SettingsStore(file).load());
        assertTrue(e.getMessage().endsWith(":2: scaling must be always, fullscreen or never, not 'stretch'"),
                e.getMessage());
    }

    @Test
    void aFileFromBeforeNewVmAndConsoleReadsWithTheirDefaults() throws Exception {
        Path file = dir.resolve("settings.conf");
        Files.writeString(file, "[general]\nxml-editing = true\ntheme = dark\n\n[connection]\nuri = test:///default\n"
                + "autoconnect = true\n");
        Settings read = new SettingsStore(file).load();
        assertEquals(NewVmDefaults.SYSTEM, read.newVm());
        assertEquals(ConsoleSettings.DEFAULTS, read.console());
        assertEquals(List.of(new StoredConnection("test:///default", true)), read.connections());
    }

    @Test
    void anUnknownNewVmChoiceNamesTheChoices() throws IOException {
        Path file = dir.resolve("settings.conf");
        Files.writeString(file, "[new-vm]\ngraphics = rdp\n");
        SettingsException e = assertThrows(SettingsException.class, () -> new SettingsStore(file).load());
        assertTrue(e.getMessage().endsWith(":2: graphics must be one of [system, vnc, spice], not 'rdp'"), e.getMessage());
    }

    @Test
    void aMissingFileMeansDefaults() throws Exception {
        assertEquals(Settings.defaults(), new SettingsStore(dir.resolve("none/settings.conf")).load());
    }

    @Test
    void aBrokenFileIsReportedWithItsLineAndKeptAsABackup() throws IOException {
        Path file = dir.resolve("settings.conf");
        String garbage = "[confirm]\nforce-off = true\nthis line is not a setting\n";
        Files.writeString(file, garbage);
        SettingsStore store = new SettingsStore(file);

        SettingsException error = assertThrows(SettingsException.class, store::load);
        assertTrue(error.getMessage().startsWith(file + ":3: expected 'key = value'"), error.getMessage());

        SettingsStore.Loaded loaded = store.loadOrRecover();
        assertEquals(Settings.defaults(), loaded.settings());
        assertTrue(loaded.problem().orElseThrow().getMessage().contains("copied to"));
        try (var files = Files.list(dir)) {
            Path backup = files.filter(p -> p.getFileName().toString().startsWith("settings.conf.broken-"))
                    .findFirst().orElseThrow();
            assertEquals(garbage, Files.readString(backup));
        }
    }

    @Test
    void aFifoADirectoryOrAHugeFileFallsBackToDefaultsAndIsMovedAside() throws Exception {
        Path fifo = dir.resolve("fifo/settings.conf");
        Files.createDirectories(fifo.getParent());
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path folder = dir.resolve("folder/settings.conf");
        Files.createDirectories(folder);
        Path huge = dir.resolve("huge/settings.conf");
        Files.createDirectories(huge.getParent());
        try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(250L * 1024 * 1024);
        }
        for (Path file : List.of(fifo, folder, huge)) {
            SettingsStore.Loaded loaded = new SettingsStore(file).loadOrRecover();
            assertEquals(Settings.defaults(), loaded.settings(), file.toString());
            String problem = loaded.problem().orElseThrow().getMessage();
            assertTrue(problem.contains("moved to " + file + ".broken-"), problem);
            assertTrue(Files.notExists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the name is free for a save");
        }
    }

    @Test
    void badValuesNameTheKey() throws IOException {
        Path file = dir.resolve("settings.conf");
        Files.writeString(file, "[polling]\ninterval-seconds = soon\n");
        SettingsException error = assertThrows(SettingsException.class, () -> new SettingsStore(file).load());
        assertEquals(file + ":2: interval-seconds must be a whole number, not 'soon'", error.getMessage());
    }

    @Test
    void aConnectionWithoutADriverLineIsLeftToTheAutomaticChoice() throws Exception {
        Path file = dir.resolve("settings.conf");
        Files.writeString(file, "[connection]\nuri = qemu:///system\nautoconnect = true\n");
        assertEquals(List.of(new StoredConnection("qemu:///system", true, DriverChoice.AUTO)),
                new SettingsStore(file).load().connections());
        Files.writeString(file, "[connection]\nuri = qemu:///system\ndriver = native\n");
        assertEquals(file + ":3: driver must be auto, libvirt or builtin, not 'native'",
                assertThrows(SettingsException.class, () -> new SettingsStore(file).load()).getMessage());
    }

    @Test
    void theXdgConfigHomeIsHonouredAndARelativeOneIgnored() {
        assertEquals(Path.of("/x/cfg/virtfx/settings.conf"),
                SettingsStore.defaultFile(UserFolders.of(Map.of("XDG_CONFIG_HOME", "/x/cfg"), "/home/u")));
        assertEquals(Path.of("/home/u/.config/virtfx/settings.conf"),
                SettingsStore.defaultFile(UserFolders.of(Map.of("XDG_CONFIG_HOME", "relative"), "/home/u")));
        assertEquals(Path.of("/tmp/h/.config/virtfx/settings.conf"),
                SettingsStore.defaultFile(UserFolders.of(Map.of("HOME", "/tmp/h"), "/home/u")), "$HOME, as GTK");
    }
}
