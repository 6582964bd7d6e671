package org.virtfx.core.storage;

import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.Uuids;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/** Reads storage pool and volume XML. */
public final class StorageXml {
    private final XmlParser parser = new XmlParser();

    public PoolDefinition parsePool(String xml, String source) {
        return readPool(parser.parse(xml, source), source);
    }

    public PoolDefinition readPool(XmlElement root, String source) {
        Uuids.requireRoot(root, "pool", source);
        String type = root.attribute("type").orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR,
                source + ": storage pool missing type attribute"));
        String name = Uuids.requireName(root, source);
        UUID uuid = Uuids.readOrAssign(root, source);
        String path = root.child("target").flatMap(t -> t.childText("path")).orElse("");
        return new PoolDefinition(type, name, uuid, path, bytes(root, "capacity", source),
                bytes(root, "allocation", source), bytes(root, "available", source), XmlFormat.format(root));
    }

    public VolumeDefinition parseVolume(String xml, String source) {
        return readVolume(parser.parse(xml, source), source);
    }

    public VolumeDefinition readVolume(XmlElement root, String source) {
        Uuids.requireRoot(root, "volume", source);
        String name = Uuids.requireName(root, source);
        if (root.child("capacity").isEmpty()) {
            throw VirtException.of(ErrorCode.XML_ERROR, "missing capacity element");
        }
        String format = root.child("target").flatMap(t -> t.child("format"))
                .flatMap(f -> f.attribute("type")).orElse("raw");
        long capacity = bytes(root, "capacity", source);
        // As libvirt's virStorageVolDefParseXML: without <allocation>, the whole capacity is allocated.
        long allocation = root.child("allocation").isPresent() ? bytes(root, "allocation", source) : capacity;
        return new VolumeDefinition(name, format, capacity, allocation, XmlFormat.format(root));
    }

    private static long bytes(XmlElement root, String element, String source) {
        return root.child(element)
                .map(e -> ScaledSize.toBytes(e.text(), e.attribute("unit").orElse("bytes"), "<" + element + "> in " + source))
                .orElse(0L);
    }
}
