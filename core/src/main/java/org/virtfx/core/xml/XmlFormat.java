package org.virtfx.core.xml;

import java.util.List;
import java.util.Map;

/**
 * Writes an {@link XmlElement} the way libvirt formats its documents: two-space indentation,
 * attributes in single quotes, empty elements self-closed, text kept on the element's line,
 * and libvirt's escaping of {@code < > & ' "}.
 */
public final class XmlFormat {

    private XmlFormat() {
    }

    /** The element and everything inside it, ending with a newline. */
    public static String format(XmlElement element) {
        StringBuilder out = new StringBuilder();
        write(element, 0, out);
        return out.toString();
    }

    private static void write(XmlElement element, int depth, StringBuilder out) {
        indent(depth, out);
        out.append('<').append(element.name());
        for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
            out.append(' ').append(attribute.getKey()).append("='");
            escape(attribute.getValue(), out);
            out.append('\'');
        }
        List<XmlNode> content = element.content();
        boolean hasElements = content.stream().anyMatch(n -> n instanceof XmlElement);
        boolean hasText = content.stream().anyMatch(n -> n instanceof XmlText t && !t.isBlank());
        if (!hasElements && !hasText) {
            out.append("/>\n");
            return;
        }
        out.append('>');
        if (hasText) {
            // Text or mixed content: written exactly as it was, since whitespace is meaningful there.
            for (XmlNode node : content) {
                if (node instanceof XmlText t) {
                    escape(t.text(), out);
                } else {
                    String inner = format((XmlElement) node);
                    out.append(inner, 0, inner.length() - 1);
                }
            }
        } else {
            out.append('\n');
            for (XmlNode node : content) {
                if (node instanceof XmlElement child) {
                    write(child, depth + 1, out);
                }
            }
            indent(depth, out);
        }
        out.append("</").append(element.name()).append(">\n");
    }

    private static void indent(int depth, StringBuilder out) {
        out.append("  ".repeat(depth));
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
