package org.virtfx.core.osinfo;

/**
 * What an operating system needs on one architecture, from osinfo-db's {@code <minimum>} or
 * {@code <recommended>}; 0 where the database says nothing.
 */
public record OsResources(long ramBytes, int cpus, long storageBytes) {
    static final OsResources NONE = new OsResources(0, 0, 0);
}
