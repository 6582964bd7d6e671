package org.virtfx.core.xml;

import java.util.Deque;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libvirt's words for the commonest malformed documents: libxml2's message after the source and
 * line, then the line at fault and a pointer under the place, as libvirt's XML error handler
 * (catchXMLError) writes them, so that virsh and VirtFX say the same about the same file.
 */
final class LibxmlMessages {
    private static final Pattern CLOSE_TAG = Pattern.compile("^Unexpected close tag </([^>\\s]+)>; expected");

    private LibxmlMessages() {
    }

    /**
     * libvirt's text for Woodstox's {@code why} at {@code line}, if it is a mismatched end tag, a
     * document that ends inside an element, or one without any element.
     */
    static Optional<String> of(String xml, String source, String why, int line, Deque<XmlElement> open) {
        Matcher close = CLOSE_TAG.matcher(why);
        if (close.find() && !open.isEmpty() && line > 0) {
            String text = lineText(xml, line);
            int tag = text.lastIndexOf("</" + close.group(1));
            int end = tag < 0 ? -1 : text.indexOf('>', tag);
            XmlElement opened = open.peek();
            return Optional.of(source + ":" + line + ": Opening and ending tag mismatch: " + opened.name() + " line "
                    + opened.line() + " and " + close.group(1) + "\n" + context(text, end < 0 ? text.length() : end + 1));
        }
        if (!why.startsWith("Unexpected EOF")) {
            return Optional.empty();
        }
        // At the end, libvirt shows the text after the last line break, or "(null)" if there is none.
        int lastLine = (int) xml.chars().filter(c -> c == '\n').count() + 1;
        String tail = xml.substring(xml.lastIndexOf('\n') + 1);
        String where = source + ":" + lastLine + ": ";
        String context = tail.isEmpty() ? "(null)\n^" : context(tail, tail.length());
        if (!open.isEmpty()) {
            return Optional.of(where + "Premature end of data in tag " + open.peek().name() + " line "
                    + open.peek().line() + "\n" + context);
        }
        if (xml.isEmpty()) {
            return Optional.of(source + ":1: Document is empty\n(null)\n^");
        }
        return xml.isBlank() ? Optional.of(where + "Start tag expected, '<' not found\n" + context) : Optional.empty();
    }

    private static String lineText(String xml, int line) {
        String[] lines = xml.split("\r?\n|\r", -1);
        return line <= lines.length ? lines[line - 1] : "";
    }

    /** The line, then dashes (tabs kept) up to the column and a caret under it. */
    private static String context(String text, int column) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < column && i < text.length(); i++) {
            pointer.append(text.charAt(i) == '\t' ? '\t' : '-');
        }
        return text + "\n" + pointer + "^";
    }
}
