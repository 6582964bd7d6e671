package org.virtfx.drivers.libvirt.binding;

import java.util.List;
import java.util.Optional;

/**
 * Answers libvirt's requests for credentials while a connection opens ({@code virConnectAuth}'s
 * callback): a user name, a password, an SSH key's passphrase. The GUI and the command line will
 * ask the person; until then {@link #NONE} refuses, and the open fails saying what was asked.
 */
@FunctionalInterface
public interface ConnectAuth {

    /**
     * The answers, one per request in order, or empty to refuse (libvirt then fails the open
     * with its authentication error). Runs on the thread that opens the connection.
     */
    Optional<List<String>> answer(List<Credential> requests);

    /** Refuses every request: for connections that must not need credentials. */
    ConnectAuth NONE = requests -> Optional.empty();

    /** One request: what libvirt wants, its prompt, an optional challenge and a default answer. */
    record Credential(Type type, String prompt, String challenge, String defaultResult) {
    }

    /** libvirt's {@code virConnectCredentialType}, numbered as in libvirt-host.h. */
    enum Type {
        USERNAME(1, "user name"),
        AUTHNAME(2, "authentication name"),
        LANGUAGE(3, "language"),
        CNONCE(4, "client nonce"),
        PASSPHRASE(5, "passphrase"),
        ECHOPROMPT(6, "answer"),
        NOECHOPROMPT(7, "secret answer"),
        REALM(8, "realm"),
        EXTERNAL(9, "external credential");

        private final int code;
        private final String words;

        Type(int code, String words) {
            this.code = code;
            this.words = words;
        }

        public int code() {
            return code;
        }

        /** What a person would call it in a sentence. */
        public String words() {
            return words;
        }

        static Optional<Type> of(int code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }
}
