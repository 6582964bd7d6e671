package org.virtfx.app.details;

import java.time.LocalDate;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.osinfo.OsDatabase;
import org.virtfx.core.osinfo.OsEntry;

/**
 * virt-manager's "OS information": the guest OS recorded in the libosinfo metadata, changed with
 * the same search as the New VM wizard. Apply rewrites only that element of the metadata.
 */
public final class OsInfoPage extends DetailsPage {
    private final OsChoice choice;
    /** The id in the XML, shown as written even when this host's osinfo-db does not know it. */
    private final ReadOnlyStringWrapper recordedId = new ReadOnlyStringWrapper("");

    public OsInfoPage(Supplier<LocalDate> today) {
        choice = new OsChoice(today);
        track(choice.chosenProperty());
        // The database arrives after the first load: resolve the recorded id then, unless edited.
        choice.databaseProperty().addListener((obs, was, now) -> {
            if (!isDirty()) {
                revert();
            }
        });
    }

    public OsChoice choice() {
        return choice;
    }

    public void setDatabase(OsDatabase database) {
        choice.databaseProperty().set(database);
    }

    public ReadOnlyStringProperty recordedIdProperty() {
        return recordedId.getReadOnlyProperty();
    }

    public StringBinding nameProperty() {
        return Bindings.createStringBinding(() -> choice.chosenProperty().get().name(), choice.chosenProperty());
    }

    public StringBinding familyProperty() {
        return Bindings.createStringBinding(() -> choice.chosenProperty().get().family(), choice.chosenProperty());
    }

    public StringBinding eolProperty() {
        return Bindings.createStringBinding(() -> choice.eolNote(choice.chosenProperty().get()),
                choice.chosenProperty());
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        String id = document.osinfoId().orElse("");
        recordedId.set(id);
        choice.searchProperty().set("");
        if (id.isEmpty() || !choice.chooseId(id)) {
            choice.chosenProperty().set(OsEntry.GENERIC);
        }
    }

    /** Generic means "unknown": the libosinfo element goes, the rest of the metadata stays. */
    @Override
    public String applyTo(DomainDocument document) {
        OsEntry chosen = choice.chosenProperty().get();
        return document.edited(root -> OsMetadata.write(root, chosen.isGeneric() ? "" : chosen.id()));
    }
}
