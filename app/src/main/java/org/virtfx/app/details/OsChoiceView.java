package org.virtfx.app.details;

import javafx.beans.binding.Bindings;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.virtfx.core.osinfo.OsEntry;

/** The OS picker's nodes: a search field, the matches under it, the EOL toggle and the choice. */
public final class OsChoiceView {
    private OsChoiceView() {
    }

    /** Node ids start with {@code idPrefix}: "-search", "-matches", "-include-eol", "-chosen". */
    public static VBox build(OsChoice choice, String idPrefix) {
        TextField search = new TextField();
        search.setId(idPrefix + "-search");
        search.setPromptText("Type to search, such as \"debian\" or \"win10\"");
        search.textProperty().bindBidirectional(choice.searchProperty());
        ListView<OsEntry> matches = new ListView<>(choice.matches());
        matches.setId(idPrefix + "-matches");
        matches.setPrefHeight(140);
        matches.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null) {
                choice.chosenProperty().set(now);
            }
        });
        CheckBox eol = new CheckBox("Include end of life operating systems");
        eol.setId(idPrefix + "-include-eol");
        eol.selectedProperty().bindBidirectional(choice.includeEolProperty());
        Label chosen = new Label();
        chosen.setId(idPrefix + "-chosen");
        chosen.textProperty().bind(Bindings.createStringBinding(() -> {
            OsEntry os = choice.chosenProperty().get();
            String note = choice.eolNote(os);
            return os.name() + (os.isGeneric() ? "" : " (" + os.shortId() + ")") + (note.isEmpty() ? "" : ": " + note);
        }, choice.chosenProperty()));
        Label hint = new Label("If the OS is not listed, choose \"Generic or unknown OS\": "
                + "it gets conservative defaults.");
        hint.setWrapText(true);
        return new VBox(6, search, matches, eol, chosen, hint);
    }
}
