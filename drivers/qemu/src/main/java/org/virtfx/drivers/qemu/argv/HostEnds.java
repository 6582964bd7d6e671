package org.virtfx.drivers.qemu.argv;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * How the host end of a character device reaches QEMU. libvirt opens listening sockets and
 * log files itself and hands QEMU the descriptors; a launcher that cannot pass descriptors
 * lets QEMU open the paths. The command line differs, so the builder asks.
 */
public interface HostEnds {

    /** The descriptor of a listening UNIX socket already bound at {@code path}, or empty to let QEMU bind it. */
    OptionalInt listeningSocket(String chardevId, Path path);

    /** The descriptor of a file opened for appending, or empty to let QEMU open it. */
    OptionalInt appendFile(String opaque, Path path);

    /** QEMU opens every path itself: what a plain Java launcher can do. */
    HostEnds QEMU_OPENS = new HostEnds() {
        @Override
        public OptionalInt listeningSocket(String chardevId, Path path) {
            return OptionalInt.empty();
        }

        @Override
        public OptionalInt appendFile(String opaque, Path path) {
            return OptionalInt.empty();
        }
    };
}
