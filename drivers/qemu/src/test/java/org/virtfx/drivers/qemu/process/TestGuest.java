package org.virtfx.drivers.qemu.process;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real guest for the tests: Debian's cloud kernel and a busybox initramfs built here. The
 * packages come from {@code apt-get download} into a cache kept between runs
 * ({@code ~/.cache/virtfx-test-guest}); the init mounts proc, sys and dev, loads the ACPI
 * button and evdev modules, starts busybox's acpid (whose PWRF action powers off), prints
 * {@link #BANNER} on the serial console and runs a shell there.
 */
public final class TestGuest {
    public static final String BANNER = "VIRTFX-GUEST-READY";
    private static final String KERNEL_META = "linux-image-cloud-amd64";
    /**
     * The modules the init loads, in dependency order: the ACPI button and evdev for acpid, and
     * virtio's PCI transport, block and network drivers, so that a virtio disk is the guest's
     * /dev/vda and a virtio NIC its eth0, and pvpanic's ISA (ACPI) and PCI drivers, so that a
     * guest panic reaches QEMU.
     */
    private static final List<String> MODULES = List.of("drivers/input/evdev.ko", "drivers/acpi/button.ko",
            "drivers/virtio/virtio_ring.ko", "drivers/virtio/virtio.ko", "drivers/virtio/virtio_pci_legacy_dev.ko",
            "drivers/virtio/virtio_pci_modern_dev.ko", "drivers/virtio/virtio_pci.ko", "drivers/block/virtio_blk.ko",
            "net/core/failover.ko", "drivers/net/net_failover.ko", "drivers/net/virtio_net.ko",
            "drivers/misc/pvpanic/pvpanic.ko", "drivers/misc/pvpanic/pvpanic-mmio.ko", "drivers/misc/pvpanic/pvpanic-pci.ko");

    private static TestGuest cached;

    public final Path kernel;
    public final Path initrd;

    private TestGuest(Path kernel, Path initrd) {
        this.kernel = kernel;
        this.initrd = initrd;
    }

    /** The guest, fetched and built once per run; skipped (failed under CI) when it cannot be had. */
    public static synchronized TestGuest get() {
        if (cached == null) {
            try {
                cached = build(Path.of(System.getProperty("user.home"), ".cache", "virtfx-test-guest"));
            } catch (IOException | InterruptedException e) {
                unavailable("the test guest could not be prepared: " + e.getMessage());
            }
        }
        return cached;
    }

    /** Skips a host-level test outside CI, fails it under CI=true. */
    public static void unavailable(String why) {
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }

    private static TestGuest build(Path cache) throws IOException, InterruptedException {
        Path root = cache.resolve("root");
        Path done = cache.resolve("extracted");
        if (!Files.exists(done)) {
            Path debs = cache.resolve("debs");
            Files.createDirectories(debs);
            String image = run(cache, "apt-cache", "depends", KERNEL_META).lines().map(String::trim)
                    .filter(l -> l.startsWith("Depends: linux-image-")).map(l -> l.substring("Depends: ".length()))
                    .findFirst().orElseThrow(() -> new IOException(KERNEL_META + " depends on no kernel image"));
            run(debs, "apt-get", "download", image, "busybox-static");
            try (Stream<Path> files = Files.list(debs)) {
                for (Path deb : files.filter(p -> p.toString().endsWith(".deb")).toList()) {
                    run(cache, "dpkg-deb", "-x", deb.toString(), root.toString());
                }
            }
            Files.writeString(done, image + "\n");
        }
        Path kernel;
        try (Stream<Path> boot = Files.list(root.resolve("boot"))) {
            kernel = boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst()
                    .orElseThrow(() -> new IOException("no vmlinuz in " + root.resolve("boot")));
        }
        String release = kernel.getFileName().toString().substring("vmlinuz-".length());
        Path modules = root.resolve("lib/modules").resolve(release).resolve("kernel");
        // The name says what the init loads: a new module list makes a new initramfs.
        Path initrd = cache.resolve("initrd-pvpanic-" + release + ".gz");
        if (!Files.exists(initrd)) {
            Path partial = cache.resolve("initrd.partial");
            try (NewcArchive cpio = new NewcArchive(partial)) {
                for (String dir : List.of("bin", "dev", "proc", "sys", "lib", "etc", "etc/acpi", "etc/acpi/PWRF", "var",
                        "var/run", "var/log")) {
                    cpio.directory(dir);
                }
                cpio.file("bin/busybox", Files.readAllBytes(root.resolve("bin/busybox")), true);
                cpio.symlink("bin/sh", "busybox");
                for (String module : MODULES) {
                    cpio.file("lib/" + Path.of(module).getFileName(), Files.readAllBytes(modules.resolve(module)), false);
                }
                // busybox acpid runs /etc/acpi/PWRF/00000080 for the ACPI power button.
                cpio.text("etc/acpi/PWRF/00000080", "#!/bin/sh\npoweroff -f\n", true);
                cpio.text("init", String.join("\n",
                        "#!/bin/busybox sh",
                        "/bin/busybox --install -s /bin",
                        "mount -t proc proc /proc",
                        "mount -t sysfs sysfs /sys",
                        "mount -t devtmpfs devtmpfs /dev",
                        "for m in " + String.join(" ", MODULES.stream().map(m -> Path.of(m).getFileName().toString())
                                .toList()) + "; do insmod /lib/$m; done",
                        "acpid",
                        "echo " + BANNER,
                        "exec setsid cttyhack sh", ""), true);
            }
            Files.move(partial, initrd);
        }
        return new TestGuest(kernel, initrd);
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
        return output;
    }
}
