package org.virtfx.app.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtfx.app.folders.UserFolders;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.error.VirtException;

/**
 * Reads and writes {@code virtfx/settings.conf} under the XDG config directory. The format is
 * a small INI file a person can edit:
 *
 * <pre>
 * [polling]
 * interval-seconds = 3
 * [confirm]
 * force-off = true
 * [new-vm]
 * graphics = system
 * storage-format = default
 * cpu = hv-default
 * firmware = default
 * [console]
 * autoconnect = true
 * scaling = fullscreen
 * [connection]
 * uri = test:///default
 * autoconnect = true
 * </pre>
 *
 * A section or key missing from the file (one written by an older VirtFX) keeps its default.
 *
 * Writes are atomic (temporary file, fsync, atomic rename, fsync of the directory), so a
 * crash leaves the old file or the new one, never half of one. A file that cannot be read is
 * copied aside before anything overwrites it, so a hand edit gone wrong is never lost.
 * Blocking: call off the UI thread.
 */
public final class SettingsStore {
    static final String FILE_NAME = "settings.conf";
    /** A settings file is a few kilobytes; one larger than this is not ours to parse. */
    static final long LIMIT = 1024 * 1024;
    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    /** {@code $XDG_CONFIG_HOME/virtfx/settings.conf}, or {@code $HOME/.config/virtfx/settings.conf}. */
    public static Path defaultFile(UserFolders folders) {
        return folders.config().resolve("virtfx").resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The outcome of a load: the settings to use, and the problem if the file was unreadable. */
    public record Loaded(Settings settings, Optional<SettingsException> problem) {
    }

    /**
     * Loads the settings; a missing file gives the defaults. An unreadable file gives the
     * defaults too, after it has been copied to a backup that the problem's message names.
     */
    public Loaded loadOrRecover() {
        try {
            return new Loaded(load(), Optional.empty());
        } catch (SettingsException e) {
            String backupNote;
            try {
                backupNote = "; it was " + backup() + " and VirtFX uses default settings";
            } catch (IOException copyFailed) {
                backupNote = "; it could not be backed up (" + copyFailed.getMessage() + ")";
            }
            return new Loaded(Settings.defaults(),
                    Optional.of(new SettingsException(file, e.getMessage() + backupNote, e.getCause())));
        }
    }

    public Settings load() throws SettingsException {
        if (!Files.exists(file)) {
            return Settings.defaults();
        }
        String text;
        try {
            // Bounded, and never opened unless a regular file: a FIFO would hang the start for good.
            text = BoundedFiles.read(file, LIMIT);
        } catch (VirtException e) {
            throw new SettingsException(file, e.getMessage(), e);
        }
        return parse(text.lines().toList());
    }

    private Settings parse(List<String> lines) throws SettingsException {
        List<StoredConnection> connections = new ArrayList<>();
        Map<ConfirmKind, Boolean> confirmations = new EnumMap<>(ConfirmKind.class);
        int poll = Settings.DEFAULT_POLL_SECONDS;
        boolean xmlEditing = false;
        Theme theme = Theme.LIGHT;
        NewVmDefaults newVm = NewVmDefaults.SYSTEM;
        ConsoleSettings console = ConsoleSettings.DEFAULTS;
        String section = null;
        String uri = null;
        boolean autoconnect = false;
        DriverChoice driver = DriverChoice.AUTO;
        int connectionLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw syntax(lineNo, "a section header must end with ']'");
                }
                if ("connection".equals(section)) {
                    connections.add(finishConnection(uri, autoconnect, driver, connectionLine));
                }
                section = line.substring(1, line.length() - 1).strip();
                if (!List.of("polling", "confirm", "connection", "general", "new-vm", "console").contains(section)) {
                    throw syntax(lineNo, "unknown section [" + section + "]");
                }
                uri = null;
                autoconnect = false;
                driver = DriverChoice.AUTO;
                connectionLine = lineNo;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw syntax(lineNo, "expected 'key = value', found '" + line + "'");
            }
            if (section == null) {
                throw syntax(lineNo, "a setting must follow a [section] header");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (section) {
                case "polling" -> {
                    if (!key.equals("interval-seconds")) {
                        throw syntax(lineNo, "unknown key '" + key + "' in [polling]");
                    }
                    try {
                        poll = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw syntax(lineNo, "interval-seconds must be a whole number, not '" + value + "'");
                    }
                    if (poll < 1) {
                        throw syntax(lineNo, "interval-seconds must be at least 1");
                    }
                }
                case "confirm" -> confirmations.put(confirmKind(lineNo, key), bool(lineNo, key, value));
                case "general" -> {
                    switch (key) {
                        case "xml-editing" -> xmlEditing = bool(lineNo, key, value);
                        case "theme" -> theme = Theme.ofKey(value).orElseThrow(() -> syntax(lineNo,
                                "theme must be light or dark, not '" + value + "'"));
                        default -> throw syntax(lineNo, "unknown key '" + key + "' in [general]");
                    }
                }
                case "new-vm" -> newVm = newVm(newVm, lineNo, key, value);
                case "console" -> {
                    switch (key) {
                        case "autoconnect" -> console = console.withAutoconnect(bool(lineNo, key, value));
                        case "scaling" -> console = console.withScaling(ConsoleScaling.ofKey(value).orElseThrow(() ->
                                syntax(lineNo, "scaling must be always, fullscreen or never, not '" + value + "'")));
                        default -> throw syntax(lineNo, "unknown key '" + key + "' in [console]");
                    }
                }
                default -> {
                    switch (key) {
                        case "uri" -> uri = value;
                        case "autoconnect" -> autoconnect = bool(lineNo, key, value);
                        case "driver" -> driver = DriverChoice.of(value).orElseThrow(() -> syntax(lineNo,
                                "driver must be auto, libvirt or builtin, not '" + value + "'"));
                        default -> throw syntax(lineNo, "unknown key '" + key + "' in [connection]");
                    }
                }
            }
        }
        if ("connection".equals(section)) {
            connections.add(finishConnection(uri, autoconnect, driver, connectionLine));
        }
        return new Settings(connections, confirmations, poll, xmlEditing, theme, newVm, console);
    }

    private NewVmDefaults newVm(NewVmDefaults now, int line, String key, String value) throws SettingsException {
        try {
            return switch (key) {
                case "graphics" -> now.withGraphics(value);
                case "storage-format" -> now.withStorageFormat(value);
                case "cpu" -> now.withCpu(value);
                case "firmware" -> now.withFirmware(value);
                default -> throw syntax(line, "unknown key '" + key + "' in [new-vm]");
            };
        } catch (IllegalArgumentException e) {
            throw syntax(line, e.getMessage());
        }
    }

    private StoredConnection finishConnection(String uri, boolean autoconnect, DriverChoice driver, int line)
            throws SettingsException {
        if (uri == null || uri.isEmpty()) {
            throw syntax(line, "[connection] has no 'uri = ...'");
        }
        return new StoredConnection(uri, autoconnect, driver);
    }

    private ConfirmKind confirmKind(int line, String key) throws SettingsException {
        for (ConfirmKind kind : ConfirmKind.values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        throw syntax(line, "unknown key '" + key + "' in [confirm]");
    }

    private boolean bool(int line, String key, String value) throws SettingsException {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw syntax(line, key + " must be true or false, not '" + value + "'");
        };
    }

    private SettingsException syntax(int line, String problem) {
        return new SettingsException(file, file + ":" + line + ": " + problem, null);
    }

    /** Writes the settings atomically; synchronized so that the last save wins in order. */
    public synchronized void save(Settings settings) throws SettingsException {
        StringBuilder out = new StringBuilder("# VirtFX settings. VirtFX rewrites this file; comments are not kept.\n");
        out.append("\n[general]\nxml-editing = ").append(settings.xmlEditing())
                .append("\ntheme = ").append(settings.theme().key()).append('\n');
        NewVmDefaults newVm = settings.newVm();
        out.append("\n[new-vm]\ngraphics = ").append(newVm.graphics())
                .append("\nstorage-format = ").append(newVm.storageFormat())
                .append("\ncpu = ").append(newVm.cpu())
                .append("\nfirmware = ").append(newVm.firmware()).append('\n');
        out.append("\n[console]\nautoconnect = ").append(settings.console().autoconnect())
                .append("\nscaling = ").append(settings.console().scaling().key()).append('\n');
        out.append("\n[polling]\ninterval-seconds = ").append(settings.pollIntervalSeconds()).append('\n');
        out.append("\n[confirm]\n");
        for (ConfirmKind kind : ConfirmKind.values()) {
            out.append(kind.key()).append(" = ").append(settings.asks(kind)).append('\n');
        }
        for (StoredConnection c : settings.connections()) {
            out.append("\n[connection]\nuri = ").append(c.uri())
                    .append("\nautoconnect = ").append(c.autoconnect())
                    .append("\ndriver = ").append(c.driver().key()).append('\n');
        }
        try {
            AtomicFiles.write(file, out.toString());
        } catch (VirtException e) {
            throw new SettingsException(file, e.getMessage(), e);
        }
    }

    /**
     * Keeps the unreadable file for the user: a copy of a regular file of sane size; anything
     * else (a FIFO, a directory, a file too large to copy quickly) is moved aside, which never
     * opens it and frees the name for the next save.
     */
    private String backup() throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path backup = file.resolveSibling(file.getFileName() + ".broken-" + stamp);
        if (Files.isRegularFile(file) && Files.size(file) <= LIMIT) {
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING);
            return "copied to " + backup;
        }
        Files.move(file, backup, StandardCopyOption.REPLACE_EXISTING);
        return "moved to " + backup;
    }
}
