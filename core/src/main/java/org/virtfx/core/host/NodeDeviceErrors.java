package org.virtfx.core.host;

import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/** The one wording of a fault in a node device's XML: where it is, which element, what is wrong. */
final class NodeDeviceErrors {
    private NodeDeviceErrors() {
    }

    static VirtException invalid(XmlElement element, String why) {
        return VirtException.of(ErrorCode.XML_ERROR,
                "node device " + element.position() + ": <" + element.name() + "> " + why);
    }
}
