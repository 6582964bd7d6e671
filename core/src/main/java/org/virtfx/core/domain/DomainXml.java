package org.virtfx.core.domain;

import java.util.Optional;
import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.Uuids;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * Reads and writes domain XML. Reading checks what every driver relies on (name, UUID, memory,
 * vCPUs, OS type) with libvirt's messages, fills in what libvirt fills in (a UUID, current
 * memory, memory in KiB), and keeps every other element as it was.
 */
public final class DomainXml {
    private final XmlParser parser = new XmlParser();

    /**
     * Parses a definition.
     *
     * @param source the file name or "(input)", for error messages
     */
    public DomainDefinition parse(String xml, String source) {
        XmlElement root = parser.parse(xml, source);
        return read(root, source);
    }

    /** Reads a definition from an already parsed element (a test node file's inline domain). */
    public DomainDefinition read(XmlElement root, String source) {
        Uuids.requireRoot(root, "domain", source);
        root.removeAttribute("id");
        String type = root.attribute("type").orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR,
                source + ": missing domain type attribute"));
        String name = Uuids.requireName(root, source);
        UUID uuid = Uuids.readOrAssign(root, source);
        long memory = memoryKiB(root, "memory", source).orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR,
                "Memory size must be specified via <memory> or in the <numa> configuration"));
        long current = memoryKiB(root, "currentMemory", source).orElse(memory);
        if (current > memory) {
            current = memory;
        }
        root.setChildText("memory", "uuid", Long.toString(memory));
        root.child("memory").orElseThrow().setAttribute("unit", "KiB");
        root.setChildText("currentMemory", "memory", Long.toString(current));
        root.child("currentMemory").orElseThrow().setAttribute("unit", "KiB");

        XmlElement vcpu = root.child("vcpu").orElse(null);
        int maxVcpus = 1;
        int vcpus = 1;
        if (vcpu != null) {
            maxVcpus = positive(vcpu.text(), "maximum vcpus count must be an integer");
            vcpus = vcpu.attribute("current").map(c -> positive(c, "current vcpus count must be an integer"))
                    .orElse(maxVcpus);
            if (vcpus > maxVcpus) {
                throw VirtException.of(ErrorCode.XML_ERROR, "maxvcpus must not be less than current vcpus ("
                        + maxVcpus + " < " + vcpus + ")");
            }
        } else {
            vcpu = new XmlElement("vcpu").setText("1");
            root.insertAfter("currentMemory", vcpu);
        }
        if (vcpu.attribute("placement").isEmpty()) {
            XmlElement placed = new XmlElement("vcpu").setAttribute("placement", "static");
            vcpu.attributes().forEach(placed::setAttribute);
            placed.setText(vcpu.text());
            root.insertAfter("vcpu", placed);
            root.remove(vcpu);
        }
        String osType = root.child("os").flatMap(os -> os.childText("type")).filter(s -> !s.isEmpty())
                .orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR, "an os <type> must be specified"));
        return new DomainDefinition(type, name, uuid, root.childText("title").orElse(""),
                root.childText("description").orElse(""), memory, current, vcpus, maxVcpus, osType,
                XmlFormat.format(root));
    }

    /** The XML of a running domain: the definition with its {@code id} after {@code type}. */
    public String liveXml(DomainDefinition definition, int id) {
        XmlElement root = parser.parse(definition.xml(), definition.name());
        root.setAttributeAfter("type", "id", Integer.toString(id));
        return XmlFormat.format(root);
    }

    private static Optional<Long> memoryKiB(XmlElement root, String element, String source) {
        return root.child(element).map(e -> ScaledSize.toKiB(e.text(), e.attribute("unit").orElse("KiB"),
                "<" + element + "> in " + source));
    }

    private static int positive(String text, String message) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with libvirt's words.
        }
        throw VirtException.of(ErrorCode.XML_ERROR, message);
    }
}
