package org.virtfx.core.network;

import java.util.UUID;
import org.virtfx.core.xml.Uuids;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/** Reads network XML: the facts lists need, and the whole document kept as it was. */
public final class NetworkXml {
    private final XmlParser parser = new XmlParser();

    public NetworkDefinition parse(String xml, String source) {
        return read(parser.parse(xml, source), source);
    }

    public NetworkDefinition read(XmlElement root, String source) {
        Uuids.requireRoot(root, "network", source);
        String name = Uuids.requireName(root, source);
        UUID uuid = Uuids.readOrAssign(root, source);
        String bridge = root.child("bridge").flatMap(b -> b.attribute("name")).orElse("");
        String forward = root.child("forward").map(f -> f.attribute("mode").orElse("nat")).orElse("");
        return new NetworkDefinition(name, uuid, bridge, forward, XmlFormat.format(root));
    }
}
