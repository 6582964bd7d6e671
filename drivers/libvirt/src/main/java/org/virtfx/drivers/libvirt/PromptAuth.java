package org.virtfx.drivers.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.auth.CredentialRequest;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;

/**
 * libvirt's credential requests put to core's {@link CredentialPrompt}, as virsh's default
 * callback puts them to the terminal. Requests a person cannot answer (language, client nonce,
 * an external credential) refuse the lot, as libvirt's own default callback does.
 */
final class PromptAuth implements ConnectAuth {
    private final String uri;
    private final CredentialPrompt prompt;

    PromptAuth(String uri, CredentialPrompt prompt) {
        this.uri = uri;
        this.prompt = prompt;
    }

    @Override
    public Optional<List<String>> answer(List<Credential> requests) {
        List<CredentialRequest> asked = new ArrayList<>(requests.size());
        for (Credential c : requests) {
            Optional<CredentialRequest.Kind> kind = kind(c.type());
            if (kind.isEmpty()) {
                return Optional.empty();
            }
            asked.add(new CredentialRequest(kind.get(), c.prompt(), c.defaultResult()));
        }
        return prompt.ask(uri, asked);
    }

    static Optional<CredentialRequest.Kind> kind(Type type) {
        return switch (type) {
            case USERNAME, AUTHNAME -> Optional.of(CredentialRequest.Kind.USER_NAME);
            // libvirt's PASSPHRASE is SASL's password: "Password:" is its prompt.
            case PASSPHRASE -> Optional.of(CredentialRequest.Kind.PASSWORD);
            case ECHOPROMPT, REALM -> Optional.of(CredentialRequest.Kind.ANSWER);
            case NOECHOPROMPT -> Optional.of(CredentialRequest.Kind.SECRET_ANSWER);
            case LANGUAGE, CNONCE, EXTERNAL -> Optional.empty();
        };
    }
}
