package org.virtfx.core.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An element that keeps everything in document order: attributes (namespace declarations
 * included, under their qualified names) and interleaved child elements and text. Unlike a
 * W3C DOM, which sorts attributes, or a data binding, which groups same-named siblings, this
 * tree formats back to what it read, so unknown content survives an edit untouched.
 * It is mutable for editing; definitions hold it only while they parse or edit.
 */
public final class XmlElement implements XmlNode {
    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlNode> content = new ArrayList<>();
    private final int line;
    private final int column;

    public XmlElement(String name) {
        this(name, -1, -1);
    }

    public XmlElement(String name, int line, int column) {
        this.name = name;
        this.line = line;
        this.column = column;
    }

    /** The qualified name, with its prefix if it has one. */
    public String name() {
        return name;
    }

    /** Line in the source, or -1 for an element made by code. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public Map<String, String> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public Optional<String> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    /** Sets an attribute, keeping its place if it exists and appending it otherwise. */
    public XmlElement setAttribute(String attributeName, String value) {
        attributes.put(attributeName, value);
        return this;
    }

    /**
     * Sets an attribute right after another one, as libvirt writes a live domain's {@code id}
     * right after its {@code type}; appends it when {@code previous} is absent.
     */
    public XmlElement setAttributeAfter(String previous, String attributeName, String value) {
        if (attributes.containsKey(attributeName) || !attributes.containsKey(previous)) {
            return setAttribute(attributeName, value);
        }
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        attributes.clear();
        copy.forEach((k, v) -> {
            attributes.put(k, v);
            if (k.equals(previous)) {
                attributes.put(attributeName, value);
            }
        });
        return this;
    }

    public XmlElement removeAttribute(String attributeName) {
        attributes.remove(attributeName);
        return this;
    }

    public List<XmlNode> content() {
        return Collections.unmodifiableList(content);
    }

    public List<XmlElement> children() {
        List<XmlElement> list = new ArrayList<>();
        for (XmlNode node : content) {
            if (node instanceof XmlElement e) {
                list.add(e);
            }
        }
        return list;
    }

    public List<XmlElement> children(String childName) {
        List<XmlElement> list = new ArrayList<>();
        for (XmlNode node : content) {
            if (node instanceof XmlElement e && e.name.equals(childName)) {
                list.add(e);
            }
        }
        return list;
    }

    public Optional<XmlElement> child(String childName) {
        // A plain loop: readers call this for every element they look at, on every define.
        for (XmlNode node : content) {
            if (node instanceof XmlElement e && e.name.equals(childName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The text of the first child of that name, trimmed, if there is such a child. */
    public Optional<String> childText(String childName) {
        return child(childName).map(XmlElement::text);
    }

    /** All character data directly inside this element, trimmed. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (XmlNode node : content) {
            if (node instanceof XmlText t) {
                sb.append(t.text());
            }
        }
        return sb.toString().trim();
    }

    /** Replaces the content with one run of text. */
    public XmlElement setText(String text) {
        content.clear();
        content.add(new XmlText(text));
        return this;
    }

    public XmlElement append(XmlNode node) {
        content.add(node);
        return this;
    }

    /** Inserts a child right after the first child named {@code previous}, or last when there is none. */
    public XmlElement insertAfter(String previous, XmlElement child) {
        Optional<XmlElement> anchor = child(previous);
        if (anchor.isEmpty()) {
            return append(child);
        }
        content.add(indexOf(anchor.get()) + 1, child);
        return this;
    }

    public boolean remove(XmlElement child) {
        return content.removeIf(node -> node == child);
    }

    /** Sets the text of the first child of that name, adding the child after {@code previous} if missing. */
    public XmlElement setChildText(String childName, String previous, String text) {
        Optional<XmlElement> existing = child(childName);
        if (existing.isPresent()) {
            existing.get().setText(text);
        } else {
            insertAfter(previous, new XmlElement(childName).setText(text));
        }
        return this;
    }

    /** Where this element starts, as "line L, column C", for error messages. */
    public String position() {
        return line < 0 ? "(new element)" : "line " + line + ", column " + column;
    }

    /** Inserts a node at a position in the content (counting text runs too). */
    public XmlElement insert(int index, XmlNode node) {
        content.add(index, node);
        return this;
    }

    /** Replaces one child element with another in the same place; false when it is not a child. */
    public boolean replace(XmlElement child, XmlElement replacement) {
        int index = indexOf(child);
        if (index < 0) {
            return false;
        }
        content.set(index, replacement);
        return true;
    }

    /** Removes all content: child elements and text. */
    public XmlElement clearContent() {
        content.clear();
        return this;
    }

    /** Position of a child in the content list, or -1. */
    public int contentIndex(XmlElement child) {
        return indexOf(child);
    }

    /**
     * Puts the attributes in the given order; attributes the order does not name keep their
     * relative order after the named ones. libvirt writes attributes in a fixed order whatever
     * order they were read in.
     */
    public XmlElement orderAttributes(List<String> order) {
        if (attributes.size() < 2) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        attributes.clear();
        for (String key : order) {
            String value = copy.remove(key);
            if (value != null) {
                attributes.put(key, value);
            }
        }
        attributes.putAll(copy);
        return this;
    }

    /** A deep copy: same names, attributes, content and source positions. */
    public XmlElement copy() {
        XmlElement twin = new XmlElement(name, line, column);
        twin.attributes.putAll(attributes);
        for (XmlNode node : content) {
            twin.content.add(node instanceof XmlElement e ? e.copy() : node);
        }
        return twin;
    }

    private int indexOf(XmlElement child) {
        for (int i = 0; i < content.size(); i++) {
            if (content.get(i) == child) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return XmlFormat.format(this);
    }
}
