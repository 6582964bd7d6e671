package org.virtfx.core.xml;

import java.util.List;
import java.util.Map;

/**
 * Writes an {@link XmlElement} the way libvirt formats its documents: two-space indentation,
 * attributes in single quotes, empty elements self-closed, text kept on the element's line,
 * and libvirt's escaping of {@code < > & ' "}.
 *
 * <p>Two libvirt habits are kept so that a parse and format gives back libvirt's own bytes:
 * the children of {@code <metadata>} are written the way libxml2 dumps them (libvirt hands
 * that subtree to {@code xmlNodeDump}), with attributes in double quotes; and an element that
 * was written with an explicit end tag around a line break ({@code <ip ...>\n</ip>}, which
 * libvirt writes for an {@code <ip>} without children) keeps that form.
 */
public final class XmlFormat {

    private XmlFormat() {
    }

    /** The element and everything inside it, ending with a newline. */
    public static String format(XmlElement element) {
        StringBuilder out = new StringBuilder(4096);
        write(element, 0, false, out);
        return out.toString();
    }

    private static void write(XmlElement element, int depth, boolean libxml, StringBuilder out) {
        indent(depth, out);
        writeStart(element, libxml, out);
        List<XmlNode> content = element.content();
        boolean hasElements = false;
        boolean hasText = false;
        boolean hasLineBreak = false;
        for (XmlNode node : content) {
            if (node instanceof XmlElement) {
                hasElements = true;
            } else {
                String text = ((XmlText) node).text();
                if (!text.isBlank()) {
                    hasText = true;
                } else if (text.indexOf('\n') >= 0) {
                    hasLineBreak = true;
                }
            }
        }
        if (!hasElements && !hasText) {
            if (hasLineBreak) {
                out.append(">\n");
                indent(depth, out);
                out.append("</").append(element.name()).append(">\n");
            } else {
                out.append("/>\n");
            }
            return;
        }
        out.append('>');
        boolean childLibxml = libxml || element.name().equals("metadata");
        if (hasText) {
            // Text or mixed content: written exactly as it was, since whitespace is meaningful there.
            writeInline(content, childLibxml, out);
        } else {
            out.append('\n');
            for (XmlNode node : content) {
                if (node instanceof XmlElement child) {
                    write(child, depth + 1, childLibxml, out);
                }
            }
            indent(depth, out);
        }
        out.append("</").append(element.name()).append(">\n");
    }

    /** Mixed content, with every element inline and no whitespace added. */
    private static void writeInline(List<XmlNode> content, boolean libxml, StringBuilder out) {
        for (XmlNode node : content) {
            if (node instanceof XmlText t) {
                escapeText(t.text(), libxml, out);
            } else {
                XmlElement child = (XmlElement) node;
                writeStart(child, libxml, out);
                if (child.content().isEmpty()) {
                    out.append("/>");
                } else {
                    out.append('>');
                    writeInline(child.content(), libxml || child.name().equals("metadata"), out);
                    out.append("</").append(child.name()).append('>');
                }
            }
        }
    }

    private static void writeStart(XmlElement element, boolean libxml, StringBuilder out) {
        out.append('<').append(element.name());
        char quote = libxml ? '"' : '\'';
        for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
            out.append(' ').append(attribute.getKey()).append('=').append(quote);
            if (libxml) {
                escapeLibxmlAttribute(attribute.getValue(), out);
            } else {
                escape(attribute.getValue(), out);
            }
            out.append(quote);
        }
    }

    private static void indent(int depth, StringBuilder out) {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private static void escapeText(String s, boolean libxml, StringBuilder out) {
        if (!libxml) {
            escape(s, out);
            return;
        }
        // libxml2 leaves quotes alone in text and writes a carriage return as a character reference.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
    }

    private static void escapeLibxmlAttribute(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
    }

    /** libvirt's escaping for attribute values and text alike. */
    static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
    }
}
