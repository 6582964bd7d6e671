package org.virtfx.bench.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.virtfx.bench.data.RealisticDomains.Mix;

/**
 * A libvirt test-driver node file ({@code test:///PATH}) with {@link RealisticDomains}: the
 * domains, the networks their NICs are on ({@code default}, NAT, and {@code lab}, routed),
 * the dir pool {@code default} with each domain's qcow2 volume, and a pool of installer ISOs.
 * libvirt's own test driver and VirtFX's load it alike, so virsh can run beside VirtFX on it.
 *
 * <p>Usage from a script: {@code RealisticNode COUNT FILE [running]}; {@code running} makes every
 * domain run, instead of the workstation's mix.
 */
public final class RealisticNode {
    private static final String[] ISOS = {"debian-12.2.0-amd64-netinst.iso", "Fedora-Workstation-Live-x86_64-38.iso",
        "ubuntu-22.04.3-live-server-amd64.iso"};

    private RealisticNode() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3 || args.length == 3 && !args[2].equals("running")) {
            System.err.println("usage: RealisticNode COUNT FILE [running]");
            System.exit(2);
        }
        int count;
        try {
            count = Integer.parseInt(args[0]);
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0) {
            System.err.println("RealisticNode: COUNT must be a number of domains, not '" + args[0] + "'");
            System.exit(2);
        }
        write(Path.of(args[1]), count, args.length == 3 ? Mix.ALL_RUNNING : Mix.WORKSTATION);
    }

    /** A node file with the workstation's mix of states. */
    public static Path write(Path file, int count) throws IOException {
        return write(file, count, Mix.WORKSTATION);
    }

    /**
     * Writes a node file with domains 0 to {@code count - 1}; written beside and moved into
     * place, so a reader never sees half a file.
     */
    public static Path write(Path file, int count, Mix mix) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part");
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write("<node>\n");
            for (int i = 0; i < count; i++) {
                out.write(RealisticDomains.nodeDomainXml(i, mix));
            }
            out.write(networks());
            out.write(imagePool(count));
            out.write(isoPool());
            out.write("</node>\n");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        // A temporary file is private; a node file is read by other users' runs too (an installed VirtFX).
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
        return Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String networks() {
        return """
                  <network>
                    <name>%s</name>
                    <uuid>9a05da11-e96b-47f3-8253-a3a482e445f5</uuid>
                    <forward mode='nat'>
                      <nat>
                        <port start='1024' end='65535'/>
                      </nat>
                    </forward>
                    <bridge name='virbr0' stp='on' delay='0'/>
                    <mac address='52:54:00:0a:cd:21'/>
                    <ip address='192.168.122.1' netmask='255.255.255.0'>
                      <dhcp>
                        <range start='192.168.122.2' end='192.168.122.254'/>
                      </dhcp>
                    </ip>
                  </network>
                  <network>
                    <name>%s</name>
                    <uuid>3b9f2d6e-2a51-4c8e-9d57-0d5f4e1c8a2b</uuid>
                    <forward mode='route'/>
                    <bridge name='virbr1' stp='on' delay='0'/>
                    <mac address='52:54:00:5e:17:a4'/>
                    <domain name='lab'/>
                    <ip address='10.77.0.1' netmask='255.255.0.0'>
                      <dhcp>
                        <range start='10.77.0.2' end='10.77.255.254'/>
                      </dhcp>
                    </ip>
                  </network>
                """.formatted(RealisticDomains.NETWORK, RealisticDomains.SECOND_NETWORK);
    }

    /** The dir pool virt-manager creates on first use, with one qcow2 volume per domain. */
    private static String imagePool(int count) {
        StringBuilder xml = new StringBuilder(count * 300 + 400);
        xml.append("  <pool type='dir'>\n    <name>").append(RealisticDomains.POOL).append("</name>\n")
                .append("    <uuid>c6e3b8a4-7f0d-4e69-9a0b-5b2b7f0e9c11</uuid>\n")
                .append("    <target>\n      <path>").append(RealisticDomains.POOL_PATH).append("</path>\n    </target>\n");
        for (int i = 0; i < count; i++) {
            String volume = RealisticDomains.diskVolume(i);
            xml.append("    <volume type='file'>\n      <name>").append(volume).append("</name>\n")
                    .append("      <capacity unit='GiB'>").append(RealisticDomains.diskGiB(i)).append("</capacity>\n")
                    .append("      <target>\n        <path>").append(RealisticDomains.POOL_PATH).append('/').append(volume)
                    .append("</path>\n        <format type='qcow2'/>\n      </target>\n    </volume>\n");
        }
        return xml.append("  </pool>\n").toString();
    }

    private static String isoPool() {
        StringBuilder xml = new StringBuilder("""
                  <pool type='dir'>
                    <name>isos</name>
                    <uuid>0f4b5c3e-1d2a-4b8c-8e7f-6a5d4c3b2a19</uuid>
                    <target>
                      <path>/var/lib/libvirt/isos</path>
                    </target>
                """);
        for (String iso : ISOS) {
            xml.append("    <volume type='file'>\n      <name>").append(iso).append("</name>\n")
                    .append("      <capacity unit='GiB'>3</capacity>\n")
                    .append("      <target>\n        <path>/var/lib/libvirt/isos/").append(iso)
                    .append("</path>\n        <format type='raw'/>\n      </target>\n    </volume>\n");
        }
        return xml.append("  </pool>\n").toString();
    }
}
