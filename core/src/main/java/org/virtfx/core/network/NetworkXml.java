package org.virtfx.core.network;

import java.util.UUID;
import org.virtfx.core.xml.Uuids;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * Reads and writes network XML. The definition's XML is what libvirt would write for the same
 * input (see {@link NetworkCanonicalForm}), so a network moves between VirtFX and virsh unchanged.
 */
public final class NetworkXml {
    private final XmlParser parser = new XmlParser();

    public NetworkDefinition parse(String xml, String source) {
        return read(parser.parse(xml, source), source);
    }

    public NetworkDefinition read(XmlElement root, String source) {
        return define(root, false, source);
    }

    /**
     * Parses and formats a network as libvirt's {@code virNetworkDefFormat} would.
     *
     * @param inactive format as a stored configuration (no live-only attributes)
     */
    public String format(String xml, String source, boolean inactive) {
        return define(parser.parse(xml, source), inactive, source).xml();
    }

    /**
     * Applies one {@code virNetworkUpdate} change to a definition and returns the new definition;
     * the given one is left as it was. Fails with libvirt's reasons: a fragment missing what the
     * section needs, a duplicate on add, nothing matching on modify or delete.
     */
    public NetworkDefinition update(NetworkDefinition definition, NetworkUpdate update) {
        XmlElement root = parser.parse(definition.xml(), definition.name());
        XmlElement fragment = parser.parse(update.fragment(), "update fragment");
        new NetworkUpdater(root, definition.name()).apply(update, fragment);
        return define(root, false, definition.name());
    }

    private static NetworkDefinition define(XmlElement parsed, boolean inactive, String source) {
        Uuids.requireRoot(parsed, "network", source);
        String name = Uuids.requireName(parsed, source);
        UUID uuid = Uuids.readOrAssign(parsed, source);
        XmlElement root = NetworkCanonicalForm.of(parsed, inactive, source);
        String bridge = root.child("bridge").flatMap(b -> b.attribute("name")).orElse("");
        String forward = root.child("forward").map(f -> f.attribute("mode").orElse("nat")).orElse("");
        return new NetworkDefinition(name, uuid, bridge, forward, XmlFormat.format(root));
    }
}
