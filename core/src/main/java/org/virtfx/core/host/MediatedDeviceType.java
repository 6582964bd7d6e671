package org.virtfx.core.host;

/**
 * A kind of mediated device a parent device can make (libvirt's {@code mdev_types} capability),
 * and how many more it has room for.
 *
 * @param parent libvirt's name of the parent ("pci_0000_00_02_0")
 * @param id the type's id ("i915-GVTg_V5_4")
 * @param name its human name, empty when the driver gives none
 * @param deviceApi "vfio-pci", "vfio-ccw" or "vfio-ap"
 * @param availableInstances how many more devices of this type the parent can make
 */
public record MediatedDeviceType(String parent, String id, String name, String deviceApi, int availableInstances) {
}
