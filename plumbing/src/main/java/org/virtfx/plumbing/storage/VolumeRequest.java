package org.virtfx.plumbing.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * A volume to create, read from libvirt volume XML as libvirt's parser reads it for a
 * directory pool: the format defaults to raw, a missing {@code <allocation>} means "all of the
 * capacity", and the capacity may be left out when a backing store or a source volume gives it.
 *
 * @param capacity    bytes, or -1 when the XML has no {@code <capacity>}
 * @param allocation  bytes, or -1 when the XML has no {@code <allocation>}
 * @param compat      qcow2's {@code <compat>}, or null
 * @param clusterSize qcow2's {@code <clusterSize>} in bytes, 0 when not given
 * @param features    qcow2's {@code <features>} children ("lazy_refcounts", "extended_l2"), or
 *                    null without a {@code <features>} element
 * @param backingPath {@code <backingStore><path>}, or null
 * @param backingFormat {@code <backingStore><format type>}, or null to read it from the file
 */
record VolumeRequest(String name, String format, long capacity, long allocation, Permissions permissions,
                     String compat, long clusterSize, List<String> features, boolean nocow, String backingPath,
                     String backingFormat) {

    /** The formats a directory pool creates; "iso" is written as raw, as libvirt does. */
    static final Set<String> CREATABLE = Set.of("raw", "iso", "qcow2");

    /** libvirt's file formats ({@code virStorageFileFormat}), to tell a typo from a known format. */
    private static final Set<String> KNOWN = Set.of("none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc",
            "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk");

    private static final Set<String> QCOW2_FEATURES = Set.of("lazy_refcounts", "extended_l2");

    static VolumeRequest parse(String xml) {
        XmlElement root = new XmlParser().parse(xml, "(storage_volume_definition)");
        if (!root.name().equals("volume")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "expecting root element of 'volume', not '" + root.name() + "'");
        }
        String name = root.childText("name").orElseThrow(() ->
                VirtException.of(ErrorCode.XML_ERROR, "missing volume name element"));
        // Volumes of a directory pool are files directly inside it: no escape to ../ or a subdirectory.
        if (name.contains("/")) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "volume name '" + name + "' cannot contain '/'");
        }
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == 0)) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "volume name '" + name + "' is not a file name");
        }
        Optional<XmlElement> target = root.child("target");
        if (target.flatMap(t -> t.child("encryption")).isPresent()) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED,
                    "volume encryption is not supported by VirtFX's directory pools");
        }
        String format = format(target);
        if (!CREATABLE.contains(format)) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "volume format '" + format
                    + "' cannot be created by VirtFX's directory pools (raw, qcow2 and iso can)");
        }
        String compat = target.flatMap(t -> t.childText("compat")).map(String::strip).orElse(null);
        if (compat != null && !compat.matches("\\d+\\.\\d+")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "forbidden characters in 'compat' attribute");
        }
        List<String> features = null;
        Optional<XmlElement> featuresElement = target.flatMap(t -> t.child("features"));
        if (featuresElement.isPresent()) {
            features = new ArrayList<>();
            for (XmlElement feature : featuresElement.get().children()) {
                if (!QCOW2_FEATURES.contains(feature.name())) {
                    throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "unsupported feature " + feature.name());
                }
                features.add(feature.name());
            }
            if (compat == null) {
                compat = "1.1";
            }
        }
        long clusterSize = target.flatMap(t -> t.child("clusterSize"))
                .map(e -> ScaledSize.toBytes(e.text(), e.attribute("unit").orElse("B"), "<clusterSize>")).orElse(0L);
        if (!format.equals("qcow2") && (compat != null || features != null || clusterSize > 0)) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "compatibility option only available with qcow2");
        }
        Optional<XmlElement> backing = root.child("backingStore");
        String backingPath = backing.flatMap(b -> b.childText("path")).map(String::strip).filter(p -> !p.isEmpty())
                .orElse(null);
        String backingFormat = backingPath != null && backing.flatMap(b -> b.child("format")).isPresent()
                ? format(backing) : null;
        return new VolumeRequest(name, format, size(root, "capacity"), size(root, "allocation"),
                Permissions.read(target), compat, clusterSize, features,
                target.flatMap(t -> t.child("nocow")).isPresent(), backingPath, backingFormat);
    }

    /** The format qemu-img writes: libvirt writes an "iso" volume as raw. */
    String imageFormat() {
        return format.equals("iso") ? "raw" : format;
    }

    /**
     * qemu-img's {@code -o} options for a new image, as libvirt builds them: a qcow2 image
     * without {@code <compat>} or {@code <features>} gets compat=0.10, libvirt's default for
     * images older QEMUs must read.
     */
    List<String> imageOptions() {
        List<String> options = new ArrayList<>();
        if (nocow) {
            options.add("nocow=on");
        }
        if (format.equals("qcow2")) {
            options.add("compat=" + (compat == null ? "0.10" : compat));
            if (clusterSize > 0) {
                options.add("cluster_size=" + clusterSize);
            }
            if (features != null && !features.isEmpty() && "0.10".equals(compat)) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, features.get(0)
                        + " not supported with compat level 0.10");
            }
            if (features != null && features.contains("lazy_refcounts")) {
                options.add("lazy_refcounts=on");
            }
            if (features != null && features.contains("extended_l2")) {
                options.add("extended_l2=on");
            }
        }
        return options;
    }

    private static String format(Optional<XmlElement> parent) {
        String format = parent.flatMap(t -> t.child("format")).flatMap(f -> f.attribute("type")).orElse("raw");
        if (!KNOWN.contains(format)) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "unknown volume format type " + format);
        }
        return format;
    }

    private static long size(XmlElement root, String element) {
        return root.child(element).map(e -> {
            if (!e.text().strip().matches("\\d+")) {
                throw VirtException.of(ErrorCode.XML_ERROR, "malformed " + element + " element");
            }
            return ScaledSize.toBytes(e.text(), e.attribute("unit").orElse("bytes"), "<" + element + ">");
        }).orElse(-1L);
    }
}
