package org.virtfx.core.config;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a driver skipped when it loaded its state, each with the reason, as libvirt logs
 * "Failed to load config for domain ..." and goes on: kept so the connection's details can show
 * them, and logged as they happen.
 */
public final class LoadWarnings {
    private static final System.Logger LOG = System.getLogger(LoadWarnings.class.getName());

    private final List<String> warnings = new ArrayList<>();

    /** Records and logs that {@code file} was skipped because of {@code reason}. */
    public synchronized void skipped(Path file, String reason) {
        String warning = "skipped " + file + ": " + reason;
        warnings.add(warning);
        LOG.log(Level.WARNING, warning);
    }

    /** Every warning so far, oldest first. */
    public synchronized List<String> all() {
        return List.copyOf(warnings);
    }
}
