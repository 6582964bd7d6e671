package org.virtfx.core.storage;

import java.util.UUID;

/** A storage pool's definition: type, name, UUID, target path, sizes in bytes, and the whole XML. */
public record PoolDefinition(String type, String name, UUID uuid, String targetPath, long capacity,
                             long allocation, long available, String xml) {
}
