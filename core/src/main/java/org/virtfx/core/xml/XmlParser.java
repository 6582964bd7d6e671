package org.virtfx.core.xml;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import com.ctc.wstx.stax.WstxInputFactory;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Reads XML text into an {@link XmlElement} tree. Document type declarations are refused
 * outright, so external entities (XXE) and entity expansion bombs never get a chance; comments
 * and processing instructions are dropped, as libvirt drops them.
 */
public final class XmlParser {
    private final XMLInputFactory factory;

    public XmlParser() {
        // Woodstox rather than the JDK's parser: it reads a typical domain about twice as fast,
        // which is most of a define's XML cost.
        WstxInputFactory wstx = new WstxInputFactory();
        wstx.configureForSpeed();
        // configureForSpeed parses text lazily, and a lazy parse reports a bad entity or
        // character later, from getText(), as an unchecked WstxLazyException. Parsed eagerly,
        // every malformed document fails in next() as an XMLStreamException with its position.
        wstx.getConfig().doParseLazily(false);
        factory = wstx;
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Keep prefixes and xmlns declarations as written; they are formatted back verbatim.
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /**
     * Parses a document.
     *
     * @param source what to call the text in errors (a file name, "(input)")
     * @throws VirtException {@link ErrorCode#XML_ERROR} naming source, line and column
     */
    public XmlElement parse(String xml, String source) {
        XMLStreamReader reader = null;
        Deque<XmlElement> open = new ArrayDeque<>();
        try {
            reader = factory.createXMLStreamReader(new StringReader(xml));
            return read(reader, source, open);
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            String message = e.getMessage();
            // The JDK prefixes its own "ParseError at [row,col]:[l,c]\nMessage: "; keep the message.
            int idx = message == null ? -1 : message.indexOf("Message: ");
            String why = idx >= 0 ? message.substring(idx + 9) : String.valueOf(message);
            // Woodstox appends its own position line; the prefix below already names it.
            int at2 = why.indexOf("\n at [row,col");
            why = at2 >= 0 ? why.substring(0, at2) : why;
            int line = at == null ? -1 : at.getLineNumber();
            Optional<String> libvirt = LibxmlMessages.of(xml, source, why, line, open);
            if (libvirt.isPresent()) {
                throw new VirtException(ErrorCode.XML_ERROR, libvirt.get(), null, null);
            }
            throw error(source, at == null ? -1 : at.getLineNumber(), at == null ? -1 : at.getColumnNumber(), why);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // Nothing is held open for a string reader.
                }
            }
        }
    }

    private XmlElement read(XMLStreamReader reader, String source, Deque<XmlElement> open) throws XMLStreamException {
        XmlElement root = null;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw error(source, reader.getLocation().getLineNumber(),
                        reader.getLocation().getColumnNumber(),
                        "document type declarations (DOCTYPE) are not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw error(source, reader.getLocation().getLineNumber(),
                        reader.getLocation().getColumnNumber(),
                        "undeclared entity '" + reader.getLocalName() + "'");
                case XMLStreamConstants.START_ELEMENT -> {
                    Location at = reader.getLocation();
                    XmlElement element = new XmlElement(qualifiedName(reader), at.getLineNumber(), at.getColumnNumber());
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        String prefix = reader.getAttributePrefix(i);
                        String local = reader.getAttributeLocalName(i);
                        String attrName = prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
                        element.setAttribute(attrName, reader.getAttributeValue(i));
                    }
                    if (open.isEmpty()) {
                        if (root != null) {
                            throw error(source, at.getLineNumber(), at.getColumnNumber(), "more than one root element");
                        }
                        root = element;
                    } else {
                        open.peek().append(element);
                    }
                    open.push(element);
                }
                case XMLStreamConstants.END_ELEMENT -> open.pop();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!open.isEmpty()) {
                        open.peek().append(new XmlText(reader.getText()));
                    }
                }
                default -> {
                    // Comments, processing instructions and the document's edges carry nothing we keep.
                }
            }
        }
        if (root == null) {
            throw error(source, 1, 1, "no root element");
        }
        return root;
    }

    private static String qualifiedName(XMLStreamReader reader) {
        String prefix = reader.getPrefix();
        return prefix == null || prefix.isEmpty() ? reader.getLocalName() : prefix + ":" + reader.getLocalName();
    }

    private static VirtException error(String source, int line, int column, String why) {
        String where = source + (line > 0 ? ":" + line + ":" + column : "");
        return new VirtException(ErrorCode.XML_ERROR, "XML error: " + where + ": " + why.strip(), null, null);
    }
}
