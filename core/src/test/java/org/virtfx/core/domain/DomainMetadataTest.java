package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/** One application's element in {@code <metadata>}, placed and removed without touching others'. */
class DomainMetadataTest {
    private static final Predicate<XmlElement> MINE = e -> e.name().equals("a:mine");

    @Test
    void aNewMetadataGoesAfterTheUuidAndOthersElementsStay() {
        XmlElement domain = parse("<domain><name>d</name><uuid>u</uuid><memory>1</memory></domain>");

        DomainMetadata.put(domain, MINE, Optional.of(mine("1")));
        DomainMetadata.put(domain, e -> e.name().equals("b:other"),
                Optional.of(new XmlElement("b:other").setAttribute("xmlns:b", "urn:b")));
        DomainMetadata.put(domain, MINE, Optional.of(mine("2")));

        assertEquals("<domain><name>d</name><uuid>u</uuid><metadata><b:other xmlns:b=\"urn:b\"/>"
                + "<a:mine xmlns:a=\"urn:a\" v=\"2\"/></metadata><memory>1</memory></domain>", flat(domain));
        assertEquals(Optional.of("2"), DomainMetadata.find(domain, MINE).flatMap(e -> e.attribute("v")));
    }

    @Test
    void removingTheLastElementRemovesTheMetadata() {
        XmlElement domain = parse("<domain><name>d</name><description>x</description></domain>");
        DomainMetadata.put(domain, MINE, Optional.of(mine("1")));

        DomainMetadata.put(domain, MINE, Optional.empty());

        assertEquals("<domain><name>d</name><description>x</description></domain>", flat(domain));
    }

    private static XmlElement mine(String value) {
        return new XmlElement("a:mine").setAttribute("xmlns:a", "urn:a").setAttribute("v", value);
    }

    private static XmlElement parse(String xml) {
        return new XmlParser().parse(xml, "test");
    }

    private static String flat(XmlElement root) {
        return XmlFormat.format(root).replaceAll(">\\s+<", "><").replace("'", "\"").strip();
    }
}
