package org.virtfx.drivers.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The guest the private daemon boots: Debian's cloud kernel and a busybox initramfs whose init
 * prints {@link #BANNER} on the serial port and runs a shell there ({@code test-guest.sh}, which
 * fetches the packages with apt-get download into {@code ~/.cache/virtfx-test-guest}).
 */
public record LibvirtTestGuest(Path kernel, Path initrd) {
    static final String BANNER = "VIRTFX-LIBVIRT-GUEST";

    private static LibvirtTestGuest prepared;

    /** The guest, prepared once per run; skipped (failed under CI) when it cannot be had. */
    public static synchronized LibvirtTestGuest get() throws InterruptedException {
        if (prepared == null) {
            try {
                Path cache = Path.of(System.getProperty("user.home"), ".cache", "virtfx-test-guest");
                Files.createDirectories(cache);
                Path script = Files.createTempFile("virtfx-test-guest", ".sh");
                try {
                    try (InputStream in = LibvirtTestGuest.class.getResourceAsStream("test-guest.sh")) {
                        Files.write(script, in.readAllBytes());
                    }
                    Process p = new ProcessBuilder("bash", script.toString(), cache.toString(), BANNER).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (p.waitFor() != 0) {
                        throw new IOException(err.strip());
                    }
                    List<String> paths = out.lines().toList();
                    prepared = new LibvirtTestGuest(Path.of(paths.get(0)), Path.of(paths.get(1)));
                } finally {
                    Files.deleteIfExists(script);
                }
            } catch (IOException e) {
                PrivateLibvirtd.unavailable("the test guest could not be prepared: " + e.getMessage());
            }
        }
        return prepared;
    }

    /**
     * A TCG guest (so it boots without /dev/kvm) with a serial console and a VNC server that
     * listens nowhere: only {@code virDomainOpenGraphicsFD} reaches it.
     */
    public String domainXml(String name) {
        return domainXml(name, "<listen type='none'/>");
    }

    /** The same guest with its VNC server listening as {@code listen} says. */
    public String domainXml(String name, String listen) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>256</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0</cmdline>
                  </os>
                  <devices>
                    <serial type='pty'><target port='0'/></serial>
                    <graphics type='vnc'>%s</graphics>
                    <video><model type='vga'/></video>
                  </devices>
                </domain>
                """.formatted(name, kernel, initrd, listen);
    }
}
