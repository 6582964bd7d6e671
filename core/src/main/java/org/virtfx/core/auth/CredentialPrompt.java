package org.virtfx.core.auth;

import java.util.List;
import java.util.Optional;

/**
 * How a driver asks a person for credentials while a connection opens: a user name, a
 * password, an SSH key's passphrase, a yes/no question. The GUI answers with a dialog, the
 * command line on its terminal; what cannot ask (a test, a process with no terminal) refuses.
 * It is called on the thread that opens the connection, never the GUI's event thread, and may
 * block there until the person answers.
 */
@FunctionalInterface
public interface CredentialPrompt {

    /**
     * Asks for every request at once (libvirt asks for a user name and its password together).
     *
     * @param connection the URI being opened, to say what the credentials are for
     * @return the answers, one per request in order, or empty when the person cancelled
     * @throws org.virtfx.core.error.VirtException when this prompt cannot ask at all (no
     *     terminal); its message says why, and the failed open reports it
     */
    Optional<List<String>> ask(String connection, List<CredentialRequest> requests);

    /**
     * Whether this prompt asks on the process's terminal. When it does not, a transport that
     * would ask on that terminal by itself (ssh) is kept from it, so every question reaches this
     * prompt instead.
     */
    default boolean asksOnTerminal() {
        return false;
    }

    /** Refuses every request: for connections that must open without a person. */
    CredentialPrompt NONE = (connection, requests) -> Optional.empty();
}
