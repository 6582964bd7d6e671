package org.virtfx.core.xml;

/** A node of an {@link XmlElement}'s content: a child element or a run of text. */
public sealed interface XmlNode permits XmlElement, XmlText {
}
