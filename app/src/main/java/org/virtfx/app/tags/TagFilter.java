package org.virtfx.app.tags;

import java.util.UUID;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Filter by tag": which domains the chosen tag lets through. Empty lets every domain through.
 * The predicate is re-made when the tag or any domain's tags change, so filtered lists follow.
 */
public final class TagFilter {
    private final StringProperty tag = new SimpleStringProperty("");
    private final ObjectBinding<Predicate<UUID>> predicate;

    public TagFilter(TagIndex index) {
        predicate = Bindings.createObjectBinding(() -> {
            String chosen = tag.get() == null ? "" : tag.get();
            if (chosen.isEmpty()) {
                return uuid -> true;
            }
            return uuid -> index.tagsOf(uuid).contains(chosen);
        }, tag, index.versionProperty());
    }

    public StringProperty tagProperty() {
        return tag;
    }

    public ObjectBinding<Predicate<UUID>> predicateProperty() {
        return predicate;
    }
}
