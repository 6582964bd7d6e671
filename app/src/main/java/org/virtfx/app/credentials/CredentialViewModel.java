package org.virtfx.app.credentials;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.auth.CredentialRequest;

/**
 * The credentials dialog's state: one field per request, each with its label, whether it is
 * secret, and what the person typed (a user name starts at its default).
 */
public final class CredentialViewModel {
    private final String connection;
    private final List<Field> fields;
    private final BooleanBinding complete;

    /** One thing asked for and its answer so far. */
    public record Field(CredentialRequest request, StringProperty value) {
        public String label() {
            return request.label();
        }

        public boolean secret() {
            return request.secret();
        }
    }

    public CredentialViewModel(String connection, List<CredentialRequest> requests) {
        this.connection = connection;
        this.fields = requests.stream().map(r -> new Field(r, new SimpleStringProperty(r.secret() ? "" : r.defaultAnswer())))
                .toList();
        // A user name is needed; a secret may be empty (an empty passphrase is a passphrase).
        this.complete = Bindings.createBooleanBinding(() -> fields.stream()
                .allMatch(f -> f.secret() || !f.value().get().isBlank() || !f.request().defaultAnswer().isEmpty()),
                fields.stream().map(Field::value).toArray(StringProperty[]::new));
    }

    public String title() {
        return "Authentication required";
    }

    /** The line above the fields, as virt-manager's: what the credentials are for. */
    public String heading() {
        return "Please enter your credentials for " + connection;
    }

    public List<Field> fields() {
        return fields;
    }

    /** Whether OK may be pressed. */
    public BooleanBinding completeProperty() {
        return complete;
    }

    /** The answers, in the requests' order; an empty answer stands for the request's default. */
    public List<String> answers() {
        return fields.stream().map(f -> f.value().get().isEmpty() ? f.request().defaultAnswer() : f.value().get()).toList();
    }
}
