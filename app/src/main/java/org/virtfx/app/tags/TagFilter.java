package org.virtfx.app.tags;

import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * "Filter by tag": which domains the checked tags let through, those carrying any of them; with
 * none checked, every domain. The predicate is re-made when the checked tags or any domain's
 * tags change, so filtered lists follow.
 */
public final class TagFilter {
    private final ObservableSet<String> tags = FXCollections.observableSet();
    private final ObjectBinding<Predicate<UUID>> predicate;

    public TagFilter(TagIndex index) {
        predicate = Bindings.createObjectBinding(() -> {
            Set<String> chosen = Set.copyOf(tags);
            if (chosen.isEmpty()) {
                return uuid -> true;
            }
            return uuid -> index.tagsOf(uuid).stream().anyMatch(chosen::contains);
        }, tags, index.versionProperty());
    }

    /** The checked tags. */
    public ObservableSet<String> tags() {
        return tags;
    }

    public ObjectBinding<Predicate<UUID>> predicateProperty() {
        return predicate;
    }
}
