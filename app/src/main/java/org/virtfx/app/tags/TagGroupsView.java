package org.virtfx.app.tags;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.MouseButton;

/**
 * The "group by tag" panel: one branch per tag with the domains that carry it, then the
 * untagged ones; double-click opens a domain. Rebuilt whenever any domain's tags change.
 *
 * @param <T> the rows the manager shows for domains
 */
public final class TagGroupsView<T> {
    private final TreeView<Object> tree = new TreeView<>(new TreeItem<>("Tags"));
    private final Supplier<List<T>> domains;
    private final Function<T, UUID> uuidOf;
    private final TagIndex index;

    public TagGroupsView(TagIndex index, Supplier<List<T>> domains, Function<T, UUID> uuidOf, Consumer<T> open) {
        this.index = index;
        this.domains = domains;
        this.uuidOf = uuidOf;
        tree.setId("tag-groups");
        tree.setShowRoot(false);
        tree.setPrefWidth(220);
        index.versionProperty().addListener((obs, was, now) -> refresh());
        tree.setOnMouseClicked(e -> {
            TreeItem<Object> item = tree.getSelectionModel().getSelectedItem();
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && item != null && item.isLeaf()
                    && !(item.getValue() instanceof String)) {
                @SuppressWarnings("unchecked")
                T row = (T) item.getValue();
                open.accept(row);
            }
        });
        refresh();
    }

    public TreeView<Object> node() {
        return tree;
    }

    /** Rebuilds the groups from the current rows and tags. */
    public void refresh() {
        Map<String, List<T>> groups = TagGroups.of(domains.get(), row -> index.tagsOf(uuidOf.apply(row)));
        tree.getRoot().getChildren().clear();
        groups.forEach((tag, rows) -> {
            TreeItem<Object> branch = new TreeItem<>(tag + " (" + rows.size() + ")");
            branch.setExpanded(true);
            rows.forEach(row -> branch.getChildren().add(new TreeItem<>(row)));
            tree.getRoot().getChildren().add(branch);
        });
    }
}
