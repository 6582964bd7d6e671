package org.virtfx.core.connect;

import java.util.Optional;
import java.util.Set;
import org.virtfx.core.auth.CredentialPrompt;

/**
 * A driver, found with {@link java.util.ServiceLoader}. It claims the URIs of its schemes and
 * declines the rest by returning an empty result, as libvirt's drivers do from their open
 * entry point.
 */
public interface ConnectionDriver {

    /** Short name, as in error messages: "test", "lxc", "qemu". */
    String name();

    /** Whether this is one of VirtFX's own drivers or the binding to libvirt's library. */
    DriverKind kind();

    /**
     * Whether, when the user leaves the choice to VirtFX ({@link DriverChoice#AUTO}), this
     * driver should serve the URI ahead of the built-in ones. The libvirt binding says yes when
     * libvirt's client library loads and the URI is remote or its daemon's socket answers;
     * built-in drivers keep the default. It must answer quickly and never throw.
     */
    default boolean preferredAutomatically(ConnectionUri uri) {
        return false;
    }

    /** The URI schemes (driver part, before any {@code +transport}) this driver may claim. */
    Set<String> schemes();

    /**
     * Opens a connection, or returns empty to decline a URI it does not handle.
     *
     * @throws org.virtfx.core.error.VirtException when the URI is this driver's but cannot
     *     be opened (missing file, bad path, no permission)
     */
    Optional<Connection> open(ConnectionUri uri);

    /**
     * Opens a connection as {@link #open(ConnectionUri)} does, asking {@code prompt} for any
     * credentials it needs (a password, a key's passphrase). Drivers that never need any keep
     * the default, which ignores the prompt.
     */
    default Optional<Connection> open(ConnectionUri uri, CredentialPrompt prompt) {
        return open(uri);
    }
}
