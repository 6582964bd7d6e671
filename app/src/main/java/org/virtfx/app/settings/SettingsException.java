package org.virtfx.app.settings;

import java.nio.file.Path;

/** The settings file could not be read or written; the message names the file and line. */
public final class SettingsException extends Exception {
    private final Path file;

    public SettingsException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
