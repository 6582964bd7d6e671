package org.virtfx.app.tags;

import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * "Filter by tag": which domains the checked tags let through, those carrying any of them; with
 * none checked, every domain. The predicate is re-made when the checked tags change, or any
 * domain's tags while a tag is checked, so filtered lists follow.
 */
public final class TagFilter {
    private final ObservableSet<String> tags = FXCollections.observableSet();
    private final ObjectBinding<Predicate<UUID>> predicate;
    /** Bumped when any domain's tags change while a tag is checked. */
    private final IntegerProperty tagsChanged = new SimpleIntegerProperty();

    public TagFilter(TagIndex index) {
        // A change of tags matters only while some tag is checked: with none, every domain
        // passes whatever its tags, and a new predicate would re-filter every row for nothing.
        index.versionProperty().addListener((o, was, now) -> {
            if (!tags.isEmpty()) {
                tagsChanged.set(tagsChanged.get() + 1);
            }
        });
        predicate = Bindings.createObjectBinding(() -> {
            Set<String> chosen = Set.copyOf(tags);
            if (chosen.isEmpty()) {
                return uuid -> true;
            }
            return uuid -> index.tagsOf(uuid).stream().anyMatch(chosen::contains);
        }, tags, tagsChanged);
    }

    /** The checked tags. */
    public ObservableSet<String> tags() {
        return tags;
    }

    public ObjectBinding<Predicate<UUID>> predicateProperty() {
        return predicate;
    }
}
