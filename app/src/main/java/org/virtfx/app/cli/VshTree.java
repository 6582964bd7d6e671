package org.virtfx.app.cli;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * virsh's tree of named items with parents ({@code snapshot-list --tree}): each root, then its
 * children under "+- " with "|" rails, a "|" line before a node's first child, and a line of
 * just the indent after the last leaf of a branch.
 */
final class VshTree<T> {
    private final List<T> items;
    private final Function<T, String> name;
    private final Function<T, Optional<String>> parent;

    /** @param items in the order virsh prints siblings */
    VshTree(List<T> items, Function<T, String> name, Function<T, Optional<String>> parent) {
        this.items = items;
        this.name = name;
        this.parent = parent;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (T item : items) {
            if (parent.apply(item).isEmpty()) {
                print(item, item, true, new StringBuilder(), out);
            }
        }
        return out.toString();
    }

    private void print(T item, T lastSibling, boolean root, StringBuilder indent, StringBuilder out) {
        String itemName = name.apply(item);
        out.append(indent).append(root ? "" : "+- ").append(itemName).append('\n');
        if (!root) {
            indent.append(item == lastSibling ? ' ' : '|').append(' ');
        }
        List<T> children = items.stream().filter(i -> parent.apply(i).filter(itemName::equals).isPresent()).toList();
        if (!children.isEmpty()) {
            out.append(indent).append("  |\n");
        }
        indent.append("  ");
        for (T child : children) {
            print(child, children.get(children.size() - 1), false, indent, out);
        }
        indent.setLength(indent.length() - 2);
        if (children.isEmpty() && item == lastSibling) {
            out.append(indent).append('\n');
        }
        if (!root) {
            indent.setLength(indent.length() - 2);
        }
    }
}
