package org.virtfx.app.details;

import java.time.LocalDate;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.core.osinfo.OsDatabase;
import org.virtfx.core.osinfo.OsEntry;

/**
 * virt-manager's operating system picker, as view-model state: the search text, the
 * "Include end of life operating systems" toggle, the matches and the chosen OS. Used by the
 * New VM wizard and the VM window's OS information page.
 */
public final class OsChoice {
    private final Supplier<LocalDate> today;
    private final ObjectProperty<OsDatabase> database = new SimpleObjectProperty<>();
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty includeEol = new SimpleBooleanProperty();
    private final ObservableList<OsEntry> matches = FXCollections.observableArrayList(OsEntry.GENERIC);
    private final ObjectProperty<OsEntry> chosen = new SimpleObjectProperty<>(OsEntry.GENERIC);

    public OsChoice(Supplier<LocalDate> today) {
        this.today = today;
        database.addListener((obs, was, now) -> refresh());
        search.addListener((obs, was, now) -> refresh());
        includeEol.addListener((obs, was, now) -> refresh());
    }

    /** Set once the database is read (in the background); until then only the generic OS is offered. */
    public ObjectProperty<OsDatabase> databaseProperty() {
        return database;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty includeEolProperty() {
        return includeEol;
    }

    public ObservableList<OsEntry> matches() {
        return matches;
    }

    public ObjectProperty<OsEntry> chosenProperty() {
        return chosen;
    }

    /** Chooses the OS with this id; an id the database does not know leaves the choice alone. */
    public boolean chooseId(String id) {
        OsDatabase db = database.get();
        OsEntry found = db == null ? null : db.byId(id).orElse(null);
        if (found != null) {
            chosen.set(found);
        }
        return found != null;
    }

    /** "End of life" words for the chosen OS, empty while it is supported. */
    public String eolNote(OsEntry entry) {
        if (entry == null || !entry.isEol(today.get())) {
            return "";
        }
        return entry.eolDate().map(d -> "End of life since " + d).orElse("End of life (released over ten years ago)");
    }

    private void refresh() {
        OsDatabase db = database.get();
        if (db != null) {
            matches.setAll(db.search(search.get(), includeEol.get(), today.get()));
        }
    }
}
