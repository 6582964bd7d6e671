package org.virtfx.plumbing.storage;

import java.util.Map;

/**
 * What {@code qemu-img info} reads from an image file: its format, the size the guest sees,
 * what the file takes on disk, and for qcow2 its header's version, cluster size, features and
 * backing file.
 *
 * @param format         qemu-img's format name ("raw", "qcow2"...)
 * @param virtualSize    the guest-visible capacity in bytes
 * @param actualSize     the bytes allocated on disk (st_blocks times 512), as libvirt's allocation
 * @param clusterSize    the cluster size in bytes, 0 when the format has none
 * @param compat         qcow2's compatibility level ("0.10", "1.1"), or null
 * @param lazyRefcounts  qcow2's lazy_refcounts feature
 * @param extendedL2     qcow2's extended_l2 feature
 * @param backingFile    the backing file as written in the header, resolved against the image's
 *                       directory, or null
 * @param backingFormat  the backing file's format as written in the header, or null
 */
record ImageInfo(String format, long virtualSize, long actualSize, long clusterSize, String compat,
                 boolean lazyRefcounts, boolean extendedL2, String backingFile, String backingFormat) {

    /** Reads the object {@code qemu-img info --output=json} prints. */
    static ImageInfo parse(String json) {
        Map<String, Object> info = JsonReader.object(json);
        Map<?, ?> data = Map.of();
        if (info.get("format-specific") instanceof Map<?, ?> specific && specific.get("data") instanceof Map<?, ?> d) {
            data = d;
        }
        Object format = info.get("format");
        if (!(format instanceof String) || !(info.get("virtual-size") instanceof Long)) {
            throw new IllegalArgumentException("no format or virtual-size in qemu-img's answer");
        }
        return new ImageInfo((String) format, (Long) info.get("virtual-size"), number(info.get("actual-size")),
                number(info.get("cluster-size")), data.get("compat") instanceof String c ? c : null,
                Boolean.TRUE.equals(data.get("lazy-refcounts")), Boolean.TRUE.equals(data.get("extended-l2")),
                info.get("full-backing-filename") instanceof String b ? b : null,
                info.get("backing-filename-format") instanceof String f ? f : null);
    }

    private static long number(Object value) {
        return value instanceof Long l ? l : 0;
    }
}
