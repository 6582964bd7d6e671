package org.virtfx.app;

import java.util.List;
import java.util.Optional;
import org.virtfx.core.connect.DriverChoice;

/**
 * What the launcher was asked to show, in virt-manager's terms: connections given with
 * {@code --connect} and the driver {@code --driver} chose for them (none: each saved
 * connection's own choice, or auto), and at most one {@code --show-*} window, which then opens instead of
 * the manager.
 */
public record GuiOptions(List<String> connectUris, Optional<DriverChoice> driver, Optional<String> showDomainConsole,
                         Optional<String> showDomainEditor, boolean showDomainCreator,
                         boolean showHostSummary, boolean debug) {

    public GuiOptions {
        connectUris = List.copyOf(connectUris);
    }
}
