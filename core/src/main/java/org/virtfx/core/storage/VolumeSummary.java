package org.virtfx.core.storage;

/** A volume of a pool: name, key, path, format and sizes in bytes. */
public record VolumeSummary(String name, String key, String path, String format, long capacity,
                            long allocation) {
}
