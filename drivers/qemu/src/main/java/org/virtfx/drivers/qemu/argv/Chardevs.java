package org.virtfx.drivers.qemu.argv;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * The host end of serial ports, consoles and channels ({@code -chardev}): a pty, a file, or a
 * UNIX socket QEMU connects to or listens on. File descriptors the caller opens (see
 * {@link HostEnds}) go in through {@code -add-fd} file descriptor sets, as libvirt passes them.
 */
final class Chardevs {
    private final HostEnds hostEnds;
    private int fdSets;

    Chardevs(HostEnds hostEnds) {
        this.hostEnds = hostEnds;
    }

    /**
     * Appends the options for one character device.
     *
     * @param alias the device alias ({@code serial0}); the chardev is {@code char<alias>}
     * @param defaultSocket where a listening socket without a path goes
     */
    void add(List<String> argv, DomainNode dev, String alias, Path defaultSocket) {
        String type = dev.oneOf("type", "pty", "file", "unix");
        String id = "char" + alias;
        switch (type) {
            case "pty" -> {
                dev.child("source").ifPresent(s -> s.attr("path"));
                argv.add("-chardev");
                argv.add("pty,id=" + id);
            }
            case "file" -> {
                DomainNode source = dev.child("source").orElseThrow(() -> DomainNode.unsupported("a file chardev without <source path>"));
                String path = source.required("path");
                boolean append = "on".equals(source.oneOf("append", "off", "on"));
                String opaque = alias + "-source";
                OptionalInt fd = hostEnds.appendFile(opaque, Path.of(path));
                if (fd.isPresent()) {
                    int set = fdSets++;
                    argv.add("-add-fd");
                    argv.add("set=" + set + ",fd=" + fd.getAsInt() + ",opaque=" + opaque);
                    argv.add("-chardev");
                    // The caller opened the file for appending, so QEMU must append too.
                    argv.add("file,id=" + id + ",path=/dev/fdset/" + set + ",append=on");
                } else {
                    argv.add("-chardev");
                    argv.add("file,id=" + id + ",path=" + commas(path) + (append ? ",append=on" : ""));
                }
            }
            default -> {
                DomainNode source = dev.child("source").orElse(null);
                String mode = source == null ? "bind" : source.oneOf("mode", "bind", "connect");
                String path = source == null ? null : source.attr("path").orElse(null);
                if ("connect".equals(mode)) {
                    if (path == null) {
                        throw DomainNode.unsupported("a connecting UNIX socket chardev without a path");
                    }
                    argv.add("-chardev");
                    argv.add("socket,id=" + id + ",path=" + commas(path));
                    return;
                }
                Path socket = path == null ? defaultSocket : Path.of(path);
                OptionalInt fd = hostEnds.listeningSocket(id, socket);
                argv.add("-chardev");
                argv.add("socket,id=" + id + (fd.isPresent() ? ",fd=" + fd.getAsInt() : ",path=" + commas(socket.toString()))
                        + ",server=on,wait=off");
            }
        }
    }

    /** QEMU's option syntax doubles a comma inside a value. */
    static String commas(String value) {
        return value.replace(",", ",,");
    }
}
