package org.virtfx.core.xml;

/** Character data, entities already resolved. */
public record XmlText(String text) implements XmlNode {

    public boolean isBlank() {
        return text.isBlank();
    }
}
