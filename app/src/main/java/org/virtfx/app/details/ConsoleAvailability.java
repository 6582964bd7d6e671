package org.virtfx.app.details;

import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * What the Console page says when no text console could be opened, in virt-manager's words
 * rather than a driver's error. The text console is tried when the domain has no VNC display or
 * the connection cannot reach one (see {@code DomainWindowViewModel.ConsoleKind}).
 */
final class ConsoleAvailability {
    /** virt-manager's console page for a machine with no display device. */
    static final String NO_GRAPHICS = "Graphical console not configured for guest";
    /** virt-manager's console menu when a guest has no serial or console device. */
    static final String NO_TEXT = "No text console available";

    private ConsoleAvailability() {
    }

    /**
     * Why opening failed. A machine with neither a serial port nor a console device has no text
     * console, and its display, if it has one, is one VirtFX cannot draw here; a driver without
     * consoles has none to give. Anything else is an error to read.
     *
     * @param domain the domain's definition, or null while it is not read yet
     */
    static String whyNone(DomainDocument domain, Throwable failure) {
        if (domain != null && !domain.isContainer() && domain.devices("console").isEmpty()
                && domain.devices("serial").isEmpty()) {
            return domain.devices("graphics").stream().findFirst()
                    .flatMap(graphics -> graphics.attribute("type"))
                    .map(type -> "Cannot display graphical console type '" + type + "'")
                    .orElse(NO_GRAPHICS);
        }
        if (failure instanceof VirtException e && e.code() == ErrorCode.NO_SUPPORT) {
            return domain != null && domain.isContainer() ? NO_TEXT : NO_GRAPHICS;
        }
        return "Error connecting to text console: " + failure.getMessage();
    }
}
