package org.virtfx.app.details;

import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.tags.DomainTags;
import org.virtfx.core.domain.DomainAcceleration;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Name, title, description and tags, editable; UUID, status, hypervisor and architecture,
 * shown, and where the driver knows it, what accelerates the guest and why (virt-manager's
 * "Hypervisor: KVM" or "QEMU TCG", with VirtFX's reason beside it).
 */
public final class OverviewPage extends DetailsPage {
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty tags = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper uuid = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hypervisor = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper architecture = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper acceleration = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper accelerationKnown = new ReadOnlyBooleanWrapper();
    private Optional<DomainAcceleration> accelerated = Optional.empty();
    private String typeAndOs = "";

    public OverviewPage() {
        track(name, title, description, tags);
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    /** Tags as the person types them: separated by commas. */
    public StringProperty tagsProperty() {
        return tags;
    }

    public ReadOnlyStringProperty uuidProperty() {
        return uuid.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hypervisorProperty() {
        return hypervisor.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty architectureProperty() {
        return architecture.getReadOnlyProperty();
    }

    /** Why the guest runs with what the hypervisor row says; empty while the driver does not say. */
    public ReadOnlyStringProperty accelerationProperty() {
        return acceleration.getReadOnlyProperty();
    }

    /** Whether the connection told what accelerates the domain; the row is hidden otherwise. */
    public ReadOnlyBooleanProperty accelerationKnownProperty() {
        return accelerationKnown.getReadOnlyProperty();
    }

    /**
     * What the connection says accelerates the domain (read off the UI thread with the
     * definition, and again when the domain starts or stops); empty hides the row.
     */
    public void showAcceleration(Optional<DomainAcceleration> known) {
        accelerated = known;
        accelerationKnown.set(known.isPresent());
        acceleration.set(known.map(DomainAcceleration::explanation).orElse(""));
        showHypervisor();
    }

    private void showHypervisor() {
        hypervisor.set(accelerated.map(DomainAcceleration::hypervisor).orElse(typeAndOs));
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        name.set(document.name());
        title.set(document.title());
        description.set(document.description());
        tags.set(String.join(", ", DomainTags.read(document)));
        uuid.set(summary.uuid().toString());
        status.set(DomainStates.words(summary));
        typeAndOs = document.hypervisorType() + " (" + document.osType() + ")";
        architecture.set(document.architecture());
        showHypervisor();
    }

    @Override
    public String applyTo(DomainDocument document) {
        String newName = name.get().strip();
        DomainNames.check(newName).ifPresent(problem -> {
            throw VirtException.of(ErrorCode.INVALID_ARG, problem);
        });
        DomainDocument titled = new DomainDocument(document.withTitleAndDescription(title.get(), description.get()));
        DomainDocument tagged = new DomainDocument(DomainTags.write(titled, DomainTags.parse(tags.get())));
        return tagged.edited(root -> root.setChildText("name", "", newName));
    }
}
