package org.virtfx.plumbing.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;

/**
 * A volume file as it is now: qemu-img's view of its content and the file system's view of
 * the file (size, mode, owner, times), which together are what libvirt reports for a volume
 * of a directory pool.
 *
 * @param format   libvirt's format name: qemu-img's, except "iso" for a raw ISO 9660 image
 * @param physical the file's size in bytes
 */
record VolumeState(String name, Path path, String format, ImageInfo image, long physical, Permissions owner,
                   FileTime atime, FileTime mtime, FileTime ctime) {

    /** ISO 9660's volume descriptor magic and its offset, which libvirt's format probe checks too. */
    private static final byte[] ISO_MAGIC = "CD001".getBytes(StandardCharsets.US_ASCII);
    private static final long ISO_MAGIC_OFFSET = 32769;

    static VolumeState read(QemuImg qemuImg, Path path) {
        ImageInfo image = qemuImg.info(path);
        try {
            Map<String, Object> stat = Files.readAttributes(path, "unix:size,mode,uid,gid,lastAccessTime,"
                    + "lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
            String format = image.format().equals("raw") && isIso(path) ? "iso" : image.format();
            return new VolumeState(path.getFileName().toString(), path, format, image, (Long) stat.get("size"),
                    new Permissions((Integer) stat.get("mode") & 0777, (Integer) stat.get("uid"),
                            (Integer) stat.get("gid")),
                    (FileTime) stat.get("lastAccessTime"), (FileTime) stat.get("lastModifiedTime"),
                    (FileTime) stat.get("ctime"));
        } catch (IOException e) {
            throw VirtException.system("cannot stat file '" + path + "'", e);
        }
    }

    private static boolean isIso(Path path) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            if (file.length() < ISO_MAGIC_OFFSET + ISO_MAGIC.length) {
                return false;
            }
            byte[] magic = new byte[ISO_MAGIC.length];
            file.seek(ISO_MAGIC_OFFSET);
            file.readFully(magic);
            return java.util.Arrays.equals(magic, ISO_MAGIC);
        }
    }

    /** The volume's key is its path, as for every file volume in libvirt. */
    VolumeSummary summary() {
        return new VolumeSummary(name, path.toString(), path.toString(), format, image.virtualSize(),
                image.actualSize());
    }

    /** The volume's XML as libvirt's {@code virStorageVolDefFormat} writes it for a directory pool. */
    String xml() {
        XmlElement volume = new XmlElement("volume").setAttribute("type", "file");
        volume.append(new XmlElement("name").setText(name));
        volume.append(new XmlElement("key").setText(path.toString()));
        volume.append(bytes("capacity", image.virtualSize()));
        volume.append(bytes("allocation", image.actualSize()));
        volume.append(bytes("physical", physical));
        XmlElement target = new XmlElement("target");
        target.append(new XmlElement("path").setText(path.toString()));
        target.append(new XmlElement("format").setAttribute("type", format));
        target.append(owner.element());
        XmlElement timestamps = new XmlElement("timestamps");
        timestamps.append(new XmlElement("atime").setText(timestamp(atime)));
        timestamps.append(new XmlElement("mtime").setText(timestamp(mtime)));
        timestamps.append(new XmlElement("ctime").setText(timestamp(ctime)));
        target.append(timestamps);
        if (image.compat() != null) {
            target.append(new XmlElement("compat").setText(image.compat()));
        }
        if (image.clusterSize() > 0) {
            target.append(new XmlElement("clusterSize").setAttribute("unit", "B")
                    .setText(Long.toString(image.clusterSize())));
        }
        // libvirt reads qcow2 features from version 3 headers (compat 1.1) only.
        if ("1.1".equals(image.compat())) {
            XmlElement features = new XmlElement("features");
            if (image.lazyRefcounts()) {
                features.append(new XmlElement("lazy_refcounts"));
            }
            if (image.extendedL2()) {
                features.append(new XmlElement("extended_l2"));
            }
            target.append(features);
        }
        volume.append(target);
        if (image.backingFile() != null) {
            XmlElement backing = new XmlElement("backingStore");
            backing.append(new XmlElement("path").setText(image.backingFile()));
            if (image.backingFormat() != null) {
                backing.append(new XmlElement("format").setAttribute("type", image.backingFormat()));
            }
            volume.append(backing);
        }
        return XmlFormat.format(volume);
    }

    static XmlElement bytes(String element, long value) {
        return new XmlElement(element).setAttribute("unit", "bytes").setText(Long.toString(value));
    }

    /** Seconds, and nanoseconds after a dot when there are any, as libvirt writes timestamps. */
    private static String timestamp(FileTime time) {
        java.time.Instant instant = time.toInstant();
        return instant.getNano() == 0 ? Long.toString(instant.getEpochSecond())
                : instant.getEpochSecond() + "." + String.format("%09d", instant.getNano());
    }
}
