package org.virtfx.plumbing.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.process.HostProcess;

/**
 * Debian's {@code qemu-img} (package qemu-utils), run with argument lists as libvirt's storage
 * backend runs it: create, convert, resize and info. Every failure carries qemu-img's own
 * error text. Sizes are passed in KiB rounded up, as libvirt passes them, so a volume's
 * capacity is always a whole number of KiB.
 */
public final class QemuImg {
    private final String binary;

    /** @param binary the qemu-img program, a path or a name looked up in PATH */
    public QemuImg(String binary) {
        this.binary = binary;
    }

    /**
     * {@code qemu-img create}: a new image of {@code capacity} bytes in {@code format} at
     * {@code path} (which may exist, empty, to keep its owner and mode), with qcow2's options.
     * A backing file gives the image its content and, when {@code capacity} is 0, its size.
     */
    void create(Path path, String format, long capacity, List<String> options, String backingFile,
                String backingFormat) {
        List<String> command = new ArrayList<>(List.of(binary, "create", "-f", format));
        if (backingFile != null) {
            command.addAll(List.of("-b", backingFile, "-F", backingFormat));
        }
        if (!options.isEmpty()) {
            command.addAll(List.of("-o", String.join(",", options)));
        }
        command.add(path.toString());
        if (capacity > 0 || backingFile == null) {
            command.add(kib(capacity));
        }
        run(command, "cannot create volume '" + path.getFileName() + "'");
    }

    /** {@code qemu-img convert}: copies {@code source} into a new image, skipping zeroes. */
    void convert(Path source, String sourceFormat, Path target, String targetFormat, List<String> options) {
        List<String> command = new ArrayList<>(List.of(binary, "convert", "-f", sourceFormat, "-O", targetFormat));
        if (!options.isEmpty()) {
            command.addAll(List.of("-o", String.join(",", options)));
        }
        command.add(source.toString());
        command.add(target.toString());
        run(command, "cannot copy '" + source.getFileName() + "' to '" + target.getFileName() + "'");
    }

    /** {@code qemu-img resize}; qemu-img itself refuses a smaller size without {@code --shrink}. */
    void resize(Path path, String format, long capacity, boolean shrink) {
        List<String> command = new ArrayList<>(List.of(binary, "resize", "-f", format));
        if (shrink) {
            command.add("--shrink");
        }
        command.add(path.toString());
        command.add(kib(capacity));
        run(command, "cannot resize volume '" + path.getFileName() + "'");
    }

    /**
     * {@code qemu-img info}, with the format probed from the file's content, as libvirt's
     * directory pools probe it. {@code -U} reads the header of an image a running QEMU holds
     * locked, as libvirt reads headers without asking QEMU.
     */
    ImageInfo info(Path path) {
        HostProcess.Result result = run(List.of(binary, "info", "-U", "--output=json", path.toString()),
                "cannot read volume '" + path.getFileName() + "'");
        try {
            return ImageInfo.parse(result.stdout());
        } catch (IllegalArgumentException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, "internal error: cannot read qemu-img's answer about '"
                    + path + "': " + e.getMessage(), result.stdout(), e);
        }
    }

    /**
     * {@code qemu-img snapshot -c|-a|-d TAG}: takes, applies or deletes an internal snapshot of
     * a qcow2 image no QEMU has open, as libvirt does for a shut-off domain.
     *
     * @param action {@code -c}, {@code -a} or {@code -d}
     */
    public void snapshot(Path image, String action, String tag) {
        if (!List.of("-c", "-a", "-d").contains(action)) {
            throw new IllegalArgumentException("qemu-img snapshot " + action);
        }
        // qemu-img snapshot takes no -f: it probes the image, and only qcow2 has snapshots.
        run(List.of(binary, "snapshot", action, tag, image.toString()),
                "cannot " + switch (action) {
                    case "-c" -> "take";
                    case "-a" -> "apply";
                    default -> "delete";
                } + " snapshot '" + tag + "' of '" + image + "'");
    }

    /**
     * The tags of a qcow2 image's internal snapshots ({@code qemu-img snapshot -l}), read from
     * {@code qemu-img info}'s JSON with {@code -U}, as {@link #info} reads; none for other formats.
     */
    public List<String> snapshotTags(Path image) {
        HostProcess.Result result = run(List.of(binary, "info", "-U", "--output=json", image.toString()),
                "cannot read the snapshots of '" + image + "'");
        List<String> tags = new ArrayList<>();
        if (JsonReader.object(result.stdout()).get("snapshots") instanceof List<?> snapshots) {
            for (Object snapshot : snapshots) {
                if (snapshot instanceof java.util.Map<?, ?> s && s.get("name") instanceof String name) {
                    tags.add(name);
                }
            }
        }
        return tags;
    }

    private HostProcess.Result run(List<String> command, String what) {
        HostProcess.Result result = HostProcess.run(command, null);
        if (!result.ok()) {
            String stderr = result.stderr().strip();
            throw new VirtException(ErrorCode.OPERATION_FAILED, "operation failed: " + what + ": "
                    + (stderr.isEmpty() ? "qemu-img exited with status " + result.exitCode() : stderr),
                    String.join(" ", command), null);
        }
        return result;
    }

    private static String kib(long bytes) {
        return ((bytes + 1023) / 1024) + "K";
    }
}
