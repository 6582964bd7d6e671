package org.virtfx.core.connect;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Which kind of driver the user wants for a connection: {@code auto} lets the registry decide
 * (docs/decisions/0010), {@code libvirt} and {@code builtin} insist on one kind.
 */
public enum DriverChoice {
    AUTO, LIBVIRT, BUILTIN;

    /** The word used on the command line ({@code --driver}) and in the settings file. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a driver of this kind may serve the connection at all. */
    public boolean allows(DriverKind kind) {
        return switch (this) {
            case AUTO -> true;
            case LIBVIRT -> kind == DriverKind.LIBVIRT;
            case BUILTIN -> kind == DriverKind.BUILTIN;
        };
    }

    /**
     * Reads a choice from its key.
     *
     * @throws VirtException naming the word and the choices there are
     */
    public static DriverChoice parse(String word) {
        return of(word).orElseThrow(() -> VirtException.of(ErrorCode.INVALID_ARG, "unknown driver choice '" + word
                + "' (expected " + Arrays.stream(values()).map(DriverChoice::key).collect(Collectors.joining(", ")) + ")"));
    }

    /** The choice a key names, if it names one. */
    public static Optional<DriverChoice> of(String word) {
        return Arrays.stream(values()).filter(c -> c.key().equals(word)).findFirst();
    }
}
