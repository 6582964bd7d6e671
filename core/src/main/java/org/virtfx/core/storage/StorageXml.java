package org.virtfx.core.storage;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.Uuids;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/** Reads storage pool and volume XML, refusing what libvirt's parser refuses in its words. */
public final class StorageXml {
    /** libvirt 9's storage pool types (virStoragePoolType), in its order. */
    public static final List<String> POOL_TYPES = List.of("dir", "fs", "netfs", "logical", "disk", "iscsi",
            "iscsi-direct", "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage");
    /**
     * Pools without a target path of their own: network storage, and the logical and ZFS pools,
     * whose path libvirt derives from the source's name.
     */
    private static final Set<String> NO_TARGET_PATH = Set.of("logical", "zfs", "rbd", "sheepdog", "gluster",
            "iscsi-direct");
    /** The image formats of pools of files (libvirt's virStorageFileFormat, less "none"). */
    private static final Set<String> FILE_FORMATS = Set.of("raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi",
            "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk");
    /** The partition types of disk pools (virStorageVolFormatDisk). */
    private static final Set<String> PARTITION_FORMATS = Set.of("none", "linux", "fat16", "fat32", "linux-swap",
            "linux-lvm", "linux-raid", "extended");
    private static final Set<String> FILE_POOLS = Set.of("dir", "fs", "netfs", "gluster", "vstorage");

    private final XmlParser parser = new XmlParser();

    public PoolDefinition parsePool(String xml, String source) {
        return readPool(parser.parse(xml, source), source);
    }

    public PoolDefinition readPool(XmlElement root, String source) {
        Uuids.requireRoot(root, "pool", source);
        String type = root.attribute("type").orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR,
                "Missing required attribute 'type' in element 'pool'"));
        if (!POOL_TYPES.contains(type)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "Invalid value for attribute 'type' in element 'pool': '"
                    + type + "'.");
        }
        String name = Uuids.requireName(root, source);
        UUID uuid = Uuids.readOrAssign(root, source);
        String path = root.child("target").flatMap(t -> t.childText("path")).orElse("");
        if (path.isEmpty() && !NO_TARGET_PATH.contains(type)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "missing storage pool target path");
        }
        return new PoolDefinition(type, name, uuid, path, bytes(root, "capacity", source),
                bytes(root, "allocation", source), bytes(root, "available", source), XmlFormat.format(root));
    }

    /** A volume as a pool already holds it, whose format is not checked against the pool's type. */
    public VolumeDefinition parseVolume(String xml, String source) {
        return readVolume(parser.parse(xml, source), source);
    }

    /**
     * A new volume for a pool of {@code poolType}: its format must be one the pool's kind knows
     * (an image format for pools of files, a partition type for disk pools), as libvirt checks.
     */
    public VolumeDefinition parseVolume(String xml, String source, String poolType) {
        XmlElement root = parser.parse(xml, source);
        VolumeDefinition volume = readVolume(root, source);
        boolean formatGiven = root.child("target").flatMap(t -> t.child("format"))
                .flatMap(f -> f.attribute("type")).isPresent();
        Set<String> known = FILE_POOLS.contains(poolType) ? FILE_FORMATS
                : poolType.equals("disk") ? PARTITION_FORMATS : null;
        if (formatGiven && known != null && !known.contains(volume.format())) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "unknown volume format type " + volume.format());
        }
        return volume;
    }

    public VolumeDefinition readVolume(XmlElement root, String source) {
        Uuids.requireRoot(root, "volume", source);
        String name = Uuids.requireName(root, source);
        if (root.child("capacity").isEmpty()) {
            throw VirtException.of(ErrorCode.XML_ERROR, "missing capacity element");
        }
        String format = root.child("target").flatMap(t -> t.child("format"))
                .flatMap(f -> f.attribute("type")).orElse("raw");
        long capacity = volumeBytes(root.child("capacity").orElseThrow());
        // As libvirt's virStorageVolDefParseXML: without <allocation>, the whole capacity is allocated.
        long allocation = root.child("allocation").map(StorageXml::volumeBytes).orElse(capacity);
        return new VolumeDefinition(name, format, capacity, allocation, XmlFormat.format(root));
    }

    /**
     * A volume's capacity or allocation in bytes, as libvirt's {@code virStorageSize} reads it:
     * its words for a value that is not a whole number are "malformed capacity element" for both.
     */
    private static long volumeBytes(XmlElement size) {
        String text = size.text().trim();
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw VirtException.of(ErrorCode.XML_ERROR, "malformed capacity element");
        }
        try {
            return ScaledSize.toBytes(text, size.attribute("unit").orElse("bytes"), "<" + size.name() + ">");
        } catch (VirtException e) {
            if (e.code() == ErrorCode.XML_ERROR) {
                // More digits than a long holds: libvirt's strtoull fails the same way.
                throw VirtException.of(ErrorCode.XML_ERROR, "malformed capacity element");
            }
            throw e;
        }
    }

    private static long bytes(XmlElement root, String element, String source) {
        return root.child(element)
                .map(e -> ScaledSize.toBytes(e.text(), e.attribute("unit").orElse("bytes"), "<" + element + "> in " + source))
                .orElse(0L);
    }
}
