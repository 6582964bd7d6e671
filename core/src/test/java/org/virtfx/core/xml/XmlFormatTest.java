package org.virtfx.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The formatter writes back what it read, in libvirt's layout. */
class XmlFormatTest {
    private final XmlParser parser = new XmlParser();

    @Test
    void interleavedSiblingsAndAttributeOrderSurvive() {
        String xml = """
                <domain type='kvm'>
                  <devices>
                    <disk type='file' device='disk'/>
                    <interface type='network'/>
                    <disk device='cdrom' type='file'/>
                  </devices>
                </domain>
                """;
        assertEquals(xml, XmlFormat.format(parser.parse(xml, "t.xml")));
    }

    @Test
    void metadataIsWrittenAsLibxml2DumpsIt() {
        String xml = """
                <domain>
                  <metadata>
                    <app:x xmlns:app="urn:x" a="1&quot;">it's &lt;here&gt;</app:x>
                  </metadata>
                </domain>
                """;
        assertEquals(xml, XmlFormat.format(parser.parse(xml, "t.xml")));
    }

    @Test
    void explicitEndTagAroundALineBreakIsKept() {
        String xml = "<features>\n  <hyperv mode='passthrough'>\n  </hyperv>\n  <acpi/>\n</features>\n";
        assertEquals(xml, XmlFormat.format(parser.parse(xml, "t.xml")));
    }

    @Test
    void quotesAndAmpersandsAreEscapedAsLibvirtDoes() {
        XmlElement e = new XmlElement("description").setText("a & b < 'c' \"d\"");
        assertEquals("<description>a &amp; b &lt; &apos;c&apos; &quot;d&quot;</description>\n", XmlFormat.format(e));
    }
}
