package org.virtfx.core.storage;

/** A storage volume's definition: name, format ("raw", "qcow2"...), sizes in bytes, and the whole XML. */
public record VolumeDefinition(String name, String format, long capacity, long allocation, String xml) {
}
