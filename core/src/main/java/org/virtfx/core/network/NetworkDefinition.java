package org.virtfx.core.network;

import java.util.UUID;

/**
 * A virtual network's definition: name, UUID, bridge, forward mode ("" when isolated) and the
 * whole canonical XML.
 */
public record NetworkDefinition(String name, UUID uuid, String bridge, String forwardMode, String xml) {
}
