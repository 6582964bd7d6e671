package org.virtfx.core.network;

import java.util.UUID;

/** A virtual network as lists show it; {@code bridge} is empty when it has none. */
public record NetworkSummary(String name, UUID uuid, boolean active, boolean persistent,
                             boolean autostart, String bridge) {
}
