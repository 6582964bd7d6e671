package org.virtfx.app.details;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.tags.DomainTags;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** Name, title, description and tags, editable; UUID, status and hypervisor, shown. */
public final class OverviewPage extends DetailsPage {
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty tags = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper uuid = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hypervisor = new ReadOnlyStringWrapper("");

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

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        name.set(document.name());
        title.set(document.title());
        description.set(document.description());
        tags.set(String.join(", ", DomainTags.read(document)));
        uuid.set(summary.uuid().toString());
        status.set(DomainStates.words(summary));
        hypervisor.set(document.hypervisorType() + " (" + document.osType() + ")"
                + (document.architecture().isEmpty() ? "" : ", " + document.architecture()));
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
