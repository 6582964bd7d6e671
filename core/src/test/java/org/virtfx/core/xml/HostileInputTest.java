package org.virtfx.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.network.NetworkXml;

/** Input crafted to read local files or exhaust memory is refused at once, by parser and validator alike. */
class HostileInputTest {
    private static final String BILLION_LAUGHS = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <domain type='kvm'><name>&lol9;</name></domain>
            """;

    @TempDir
    Path dir;

    private String xxe() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE domain [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<domain type='kvm'><name>&x;</name><memory>1024</memory><os><type>hvm</type></os></domain>\n";
    }

    @Test
    void externalEntityPointingAtALocalFileIsRefused() throws IOException {
        String xml = xxe();
        VirtException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(VirtException.class, () -> new DomainXml().parse(xml, "xxe.xml")));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertTrue(e.getMessage().contains("xxe.xml:2:"), e.getMessage());
        assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    }

    @Test
    void billionLaughsIsRefusedAtOnce() {
        VirtException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(VirtException.class, () -> new XmlParser().parse(BILLION_LAUGHS, "lol.xml")));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void validatorRefusesTheSamePayloads() throws IOException {
        SchemaValidator validator = new SchemaValidator();
        String xml = xxe();
        VirtException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(VirtException.class, () -> validator.problems(SchemaValidator.Kind.DOMAIN, xml)));
        assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(VirtException.class,
                () -> validator.problems(SchemaValidator.Kind.DOMAIN, BILLION_LAUGHS)));
    }

    @Test
    void malformedXmlGetsLibvirtsWordsWithTheLineAndAPointer() {
        VirtException e = assertThrows(VirtException.class,
                () -> new NetworkXml().parse("<network>\n  <name>n</name>\n  <bridge name='x'>\n</network>\n", "net.xml"));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("net.xml:4: Opening and ending tag mismatch: bridge line 3 and network\n</network>\n----------^",
                e.getMessage());
        assertEquals("d.xml:3: Premature end of data in tag domain line 1\n(null)\n^", assertThrows(VirtException.class,
                () -> new XmlParser().parse("<domain type='test'>\n  <name>x</name>\n", "d.xml")).getMessage());
        assertEquals("d.xml:1: Document is empty\n(null)\n^", assertThrows(VirtException.class,
                () -> new XmlParser().parse("", "d.xml")).getMessage());
        assertEquals("d.xml:2: Start tag expected, '<' not found\n(null)\n^", assertThrows(VirtException.class,
                () -> new XmlParser().parse("   \n", "d.xml")).getMessage());
        // A tab before the fault stays a tab in the pointer line, as libvirt keeps it.
        assertEquals("d.xml:2: Opening and ending tag mismatch: memory line 2 and memry\n\t<memory>1</memry>\n\t-----------------^",
                assertThrows(VirtException.class, () -> new XmlParser().parse(
                        "<domain>\n\t<memory>1</memry>\n</domain>\n", "d.xml")).getMessage());
        // Other malformations keep the source, line and column.
        assertTrue(assertThrows(VirtException.class, () -> new XmlParser().parse("<a b=c/>", "d.xml"))
                .getMessage().startsWith("XML error: d.xml:1:"));
    }

    @Test
    void unknownForwardModeNamesTheAttributeAndTheAllowedValues() {
        VirtException e = assertThrows(VirtException.class, () -> new NetworkXml().parse(
                "<network><name>n</name><forward mode='tunnel'/></network>", "net.xml"));
        assertTrue(e.getMessage().contains("'mode'") && e.getMessage().contains("nat, route, open, bridge"),
                e.getMessage());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void aStrayAmpersandInTextIsAnXmlErrorWithItsPosition() {
        // Found by DomainXmlFuzzTest: the parser once threw Woodstox's unchecked lazy exception.
        VirtException e = assertThrows(VirtException.class, () -> new DomainXml().parse(
                "<domain type='kvm'>\n  <name>a & b</name>\n</domain>\n", "amp.xml"));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("XML error: amp.xml:2:"), e.getMessage());
    }
}
