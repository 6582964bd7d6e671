package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A guest that does nothing, for tests of the driver's processes rather than of a guest (the
 * kill tests start hundreds of VMs): a 52-byte multiboot kernel, which QEMU loads with
 * {@code -kernel} like a Linux one, whose code is {@code cli; hlt}. Under TCG a halted CPU costs
 * nothing, where booting the test's Linux kernel keeps a core busy for seconds.
 */
final class IdleGuest {
    private static final int LOAD_ADDRESS = 0x100000;
    private static final int HEADER = 48;
    private static final int MAGIC = 0x1BADB002;
    /** Bit 16: the header gives the load addresses, so the file is a flat image, not an ELF. */
    private static final int FLAGS = 0x00010000;
    /** cli; hlt; jmp back to the hlt (an NMI would wake it). */
    private static final byte[] CODE = {(byte) 0xfa, (byte) 0xf4, (byte) 0xeb, (byte) 0xfd};

    private IdleGuest() {
    }

    /** Writes the kernel into {@code directory} and returns its path. */
    static Path write(Path directory) {
        int end = LOAD_ADDRESS + HEADER + CODE.length;
        ByteBuffer image = ByteBuffer.allocate(HEADER + CODE.length).order(ByteOrder.LITTLE_ENDIAN);
        image.putInt(MAGIC).putInt(FLAGS).putInt(-(MAGIC + FLAGS));
        // header, load, load end and bss end addresses, then the entry point: the code after the header.
        image.putInt(LOAD_ADDRESS).putInt(LOAD_ADDRESS).putInt(end).putInt(end).putInt(LOAD_ADDRESS + HEADER);
        image.position(HEADER).put(CODE);
        Path kernel = directory.resolve("idle-guest.bin");
        try {
            Files.write(kernel, image.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kernel;
    }

    /** A guest of type qemu with the idle kernel, its serial console on a pty, and {@code devices}. */
    static String xml(Path kernel, String name, String devices) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type><kernel>" + kernel + "</kernel></os>"
                + "<devices><emulator>" + QemuTestHost.QEMU + "</emulator><serial type='pty'><target port='0'/></serial>"
                + devices + "<memballoon model='none'/></devices></domain>";
    }
}
