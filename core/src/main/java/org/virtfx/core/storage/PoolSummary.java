package org.virtfx.core.storage;

import java.util.UUID;

/** A storage pool with its type ("dir", "logical"...) and sizes in bytes. */
public record PoolSummary(String name, UUID uuid, String type, boolean active, boolean persistent,
                          boolean autostart, long capacity, long allocation, long available) {
}
