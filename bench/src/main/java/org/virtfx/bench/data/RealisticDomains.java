package org.virtfx.bench.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Domains as virt-manager 4.1 users have them, the same set for every benchmark and scale
 * test: each a q35 guest with libosinfo metadata, a qcow2 virtio disk in the {@code default}
 * dir pool and an empty SATA CD-ROM, a virtio NIC on the NAT network {@code default} (every
 * fourth one a second NIC on {@code lab}), SPICE graphics, the guest-agent and SPICE channels,
 * and the rest of virt-manager's defaults. Domain {@code i} is always the same domain, so that
 * runs compare.
 *
 * <p>States ({@link Mix#WORKSTATION}): of every ten domains six run, one is paused and three are
 * shut off, close to a developer's workstation; or all running ({@link Mix#ALL_RUNNING}), for the
 * manager's figures "with 1,000 running domains". They are written as libvirt's test-driver
 * {@code test:runstate}.
 */
public final class RealisticDomains {
    /** The NAT network every domain's first NIC is on, as virt-manager creates it. */
    public static final String NETWORK = "default";
    /** The second network, for every fourth domain's second NIC. */
    public static final String SECOND_NETWORK = "lab";
    /** The dir pool holding every domain's disk. */
    public static final String POOL = "default";
    public static final String POOL_PATH = "/var/lib/libvirt/images";

    /** What libosinfo calls a guest OS, and the short id virt-manager names new VMs after. */
    private record Os(String shortId, String id, int memoryMiB, int vcpus, int diskGiB) {
    }

    private static final List<Os> OSES = List.of(
            new Os("debian12", "http://debian.org/debian/12", 2048, 2, 20),
            new Os("fedora38", "http://fedoraproject.org/fedora/38", 2048, 2, 20),
            new Os("ubuntu22.04", "http://ubuntu.com/ubuntu/22.04", 4096, 2, 25),
            new Os("rhel9.2", "http://redhat.com/rhel/9.2", 2048, 2, 20),
            new Os("alpinelinux3.17", "http://alpinelinux.org/alpinelinux/3.17", 1024, 1, 8));

    /** libvirt's test-driver run states: running, paused, shut off. */
    public enum State {
        RUNNING(1), PAUSED(3), SHUTOFF(5);

        private final int runstate;

        State(int runstate) {
            this.runstate = runstate;
        }

        public boolean isActive() {
            return this != SHUTOFF;
        }
    }

    /** Which domains run. */
    public enum Mix {
        WORKSTATION, ALL_RUNNING
    }

    private RealisticDomains() {
    }

    /** Domain {@code i}'s name, as virt-manager names a new VM: the OS's short id and a number. */
    public static String name(int i) {
        return os(i).shortId() + "-" + String.format(Locale.ROOT, "%05d", i);
    }

    public static UUID uuid(int i) {
        return UUID.nameUUIDFromBytes(name(i).getBytes(StandardCharsets.UTF_8));
    }

    public static State state(int i, Mix mix) {
        if (mix == Mix.ALL_RUNNING) {
            return State.RUNNING;
        }
        int slot = i % 10;
        return slot < 6 ? State.RUNNING : slot == 6 ? State.PAUSED : State.SHUTOFF;
    }

    /** Whether domain {@code i} has a second NIC, on {@link #SECOND_NETWORK}. */
    public static boolean hasSecondNic(int i) {
        return i % 4 == 3;
    }

    /** The file name of domain {@code i}'s disk in {@link #POOL_PATH}. */
    public static String diskVolume(int i) {
        return name(i) + ".qcow2";
    }

    public static int diskGiB(int i) {
        return os(i).diskGiB();
    }

    /**
     * Domain {@code i}'s definition for libvirt's test driver ({@code type='test'}), with its run
     * state in the test namespace, as a node file holds it.
     */
    public static String nodeDomainXml(int i, Mix mix) {
        Os os = os(i);
        String name = name(i);
        StringBuilder xml = new StringBuilder(3072);
        xml.append("  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n")
                .append("    <name>").append(name).append("</name>\n")
                .append("    <uuid>").append(uuid(i)).append("</uuid>\n")
                .append("    <metadata>\n")
                .append("      <libosinfo:libosinfo xmlns:libosinfo=\"http://libosinfo.org/xmlns/libvirt/domain/1.0\">\n")
                .append("        <libosinfo:os id=\"").append(os.id()).append("\"/>\n")
                .append("      </libosinfo:libosinfo>\n")
                .append("    </metadata>\n")
                .append("    <memory unit='KiB'>").append(os.memoryMiB() * 1024L).append("</memory>\n")
                .append("    <currentMemory unit='KiB'>").append(os.memoryMiB() * 1024L).append("</currentMemory>\n")
                .append("    <vcpu placement='static'>").append(os.vcpus()).append("</vcpu>\n")
                .append("""
                            <os>
                              <type arch='x86_64'>hvm</type>
                              <boot dev='hd'/>
                            </os>
                            <features>
                              <acpi/>
                              <apic/>
                            </features>
                            <cpu mode='host-passthrough' check='none' migratable='on'/>
                            <clock offset='utc'>
                              <timer name='rtc' tickpolicy='catchup'/>
                              <timer name='pit' tickpolicy='delay'/>
                              <timer name='hpet' present='no'/>
                            </clock>
                            <on_poweroff>destroy</on_poweroff>
                            <on_reboot>restart</on_reboot>
                            <on_crash>destroy</on_crash>
                            <pm>
                              <suspend-to-mem enabled='no'/>
                              <suspend-to-disk enabled='no'/>
                            </pm>
                            <devices>
                              <emulator>/usr/bin/qemu-system-x86_64</emulator>
                              <disk type='file' device='disk'>
                                <driver name='qemu' type='qcow2' discard='unmap'/>
                        """)
                .append("        <source file='").append(POOL_PATH).append('/').append(diskVolume(i)).append("'/>\n")
                .append("""
                                <target dev='vda' bus='virtio'/>
                              </disk>
                              <disk type='file' device='cdrom'>
                                <driver name='qemu' type='raw'/>
                                <target dev='sda' bus='sata'/>
                                <readonly/>
                              </disk>
                              <controller type='usb' index='0' model='qemu-xhci' ports='15'/>
                              <controller type='virtio-serial' index='0'/>
                        """);
        nic(xml, NETWORK, mac(i, 0));
        if (hasSecondNic(i)) {
            nic(xml, SECOND_NETWORK, mac(i, 1));
        }
        xml.append("""
                              <serial type='pty'>
                                <target type='isa-serial' port='0'>
                                  <model name='isa-serial'/>
                                </target>
                              </serial>
                              <console type='pty'>
                                <target type='serial' port='0'/>
                              </console>
                              <channel type='unix'>
                                <target type='virtio' name='org.qemu.guest_agent.0'/>
                              </channel>
                              <channel type='spicevmc'>
                                <target type='virtio' name='com.redhat.spice.0'/>
                              </channel>
                              <input type='tablet' bus='usb'/>
                              <input type='mouse' bus='ps2'/>
                              <input type='keyboard' bus='ps2'/>
                              <graphics type='spice' autoport='yes'>
                                <listen type='address'/>
                                <image compression='off'/>
                              </graphics>
                              <sound model='ich9'/>
                              <video>
                                <model type='virtio' heads='1' primary='yes'/>
                              </video>
                              <redirdev bus='usb' type='spicevmc'/>
                              <redirdev bus='usb' type='spicevmc'/>
                              <memballoon model='virtio'/>
                              <rng model='virtio'>
                                <backend model='random'>/dev/urandom</backend>
                              </rng>
                            </devices>
                        """);
        xml.append("    <test:runstate>").append(state(i, mix).runstate).append("</test:runstate>\n");
        xml.append("  </domain>\n");
        return xml.toString();
    }

    private static void nic(StringBuilder xml, String network, String mac) {
        xml.append("      <interface type='network'>\n")
                .append("        <mac address='").append(mac).append("'/>\n")
                .append("        <source network='").append(network).append("'/>\n")
                .append("        <model type='virtio'/>\n")
                .append("      </interface>\n");
    }

    /** A MAC in QEMU's locally administered 52:54:00 range, unique per domain and NIC. */
    static String mac(int i, int nic) {
        int low = i * 2 + nic;
        return String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", (low >> 16) & 0xff, (low >> 8) & 0xff, low & 0xff);
    }

    private static Os os(int i) {
        return OSES.get(i % OSES.size());
    }
}
