package org.virtfx.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A volume's allocation as libvirt's parser reads it: what the XML says, else its whole capacity. */
class VolumeAllocationTest {
    private final StorageXml xml = new StorageXml();

    @Test
    void withoutAllocationTheWholeCapacityIsAllocated() {
        VolumeDefinition volume = xml.parseVolume(
                "<volume><name>a.qcow2</name><capacity unit='G'>45</capacity></volume>", "(test)");
        assertEquals(45L << 30, volume.capacity());
        assertEquals(45L << 30, volume.allocation());
    }

    @Test
    void aGivenAllocationIsKeptEvenZero() {
        VolumeDefinition volume = xml.parseVolume("<volume><name>a</name><capacity unit='G'>45</capacity>"
                + "<allocation>0</allocation></volume>", "(test)");
        assertEquals(0, volume.allocation());
    }
}
