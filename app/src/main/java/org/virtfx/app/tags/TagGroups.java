package org.virtfx.app.tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Groups items by tag for the manager's "group by tag" view: one group per tag in name order
 * (an item with two tags is in both), then "Untagged".
 */
public final class TagGroups {
    public static final String UNTAGGED = "Untagged";

    private TagGroups() {
    }

    public static <T> Map<String, List<T>> of(List<T> items, Function<T, List<String>> tagsOf) {
        Map<String, List<T>> byTag = new TreeMap<>();
        List<T> untagged = new ArrayList<>();
        for (T item : items) {
            List<String> tags = tagsOf.apply(item);
            if (tags.isEmpty()) {
                untagged.add(item);
            }
            for (String tag : tags) {
                byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(item);
            }
        }
        Map<String, List<T>> groups = new LinkedHashMap<>(byTag);
        if (!untagged.isEmpty()) {
            groups.put(UNTAGGED, untagged);
        }
        return groups;
    }
}
