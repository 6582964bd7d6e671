package org.virtfx.core.auth;

import java.util.Objects;

/**
 * One thing a prompt asks for.
 *
 * @param kind          what is asked, which also says whether the answer is echoed
 * @param prompt        the driver's or the transport's own words ("root@host's password: "),
 *                      or empty, when the kind alone says it
 * @param defaultAnswer what an empty answer stands for, or empty
 */
public record CredentialRequest(Kind kind, String prompt, String defaultAnswer) {

    public CredentialRequest {
        Objects.requireNonNull(kind, "kind");
        prompt = prompt == null ? "" : prompt.strip();
        defaultAnswer = defaultAnswer == null ? "" : defaultAnswer;
    }

    /** Whether the answer must not be shown as it is typed. */
    public boolean secret() {
        return kind.secret;
    }

    /** The label to show: the prompt's own words, else the kind's. */
    public String label() {
        if (prompt.isEmpty()) {
            return kind.label;
        }
        // ssh and SASL end their prompts with ": ", which a form adds itself.
        return prompt.endsWith(":") ? prompt.substring(0, prompt.length() - 1).strip() : prompt;
    }

    /** What may be asked for. */
    public enum Kind {
        USER_NAME("Username", false),
        PASSWORD("Password", true),
        PASSPHRASE("Passphrase", true),
        /** A question whose answer may be shown, such as ssh's "continue connecting (yes/no)?". */
        ANSWER("Answer", false),
        /** A question whose answer must not be shown. */
        SECRET_ANSWER("Secret", true);

        private final String label;
        private final boolean secret;

        Kind(String label, boolean secret) {
            this.label = label;
            this.secret = secret;
        }

        public String label() {
            return label;
        }
    }
}
