package org.virtfx.drivers.qemu.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlParser;

class QemuArgvBuilderTest {
    private static final Path DIR = Path.of("/run/virtfx/qemu/domain-vm");

    private static QemuCommandLine build(String devices, String os, List<TapEnd> taps) {
        String xml = "<domain type='kvm'><name>vm</name><uuid>6f1b6a8e-5b1c-4f57-9a55-0e6f6d1f2a01</uuid>"
                + "<memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type>" + os
                + "</os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator>" + devices
                + "<memballoon model='none'/></devices></domain>";
        CommandLineContext ctx = new CommandLineContext(Accel.TCG, DIR, DIR.resolve("monitor.sock"), null,
                DIR.resolve("VARS.fd"), taps, HostEnds.QEMU_OPENS, path -> false, "/usr/bin:/bin", "alice");
        return new QemuArgvBuilder().build(new XmlParser().parse(xml, "(test)"), ctx);
    }

    private static String after(QemuCommandLine cmd, String option) {
        int i = cmd.argv().indexOf(option);
        assertTrue(i >= 0, option + " missing from " + cmd.argv());
        return cmd.argv().get(i + 1);
    }

    @Test
    void accelIsTheCallersChoiceNotTheDomainType() {
        QemuCommandLine cmd = build("", "", List.of());
        assertEquals("tcg", after(cmd, "-accel"));
        assertEquals("size=524288k", after(cmd, "-m"));
    }

    @Test
    void qemuOpensTheMonitorAndSocketsItselfWhenNoDescriptorIsPassed() {
        QemuCommandLine cmd = build("<serial type='unix'><source mode='bind' path='/tmp/s,1.sock'/></serial>", "", List.of());
        assertEquals("socket,id=charmonitor,path=" + DIR.resolve("monitor.sock") + ",server=on,wait=off", after(cmd, "-chardev"));
        assertTrue(cmd.argv().contains("socket,id=charserial0,path=/tmp/s,,1.sock,server=on,wait=off"), cmd.argv().toString());
        assertEquals(DIR.toString(), cmd.environment().get("HOME"));
        assertEquals("alice", cmd.environment().get("USER"));
    }

    @Test
    void networkAndBridgeInterfacesUseTheTapDescriptorsGivenInOrder() {
        QemuCommandLine cmd = build("<interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/>"
                + "<model type='virtio'/></interface><interface type='bridge'><mac address='52:54:00:00:00:02'/>"
                + "<source bridge='br0'/><model type='e1000'/></interface>", "", List.of(TapEnd.fd(21), TapEnd.fd(22)));
        assertTrue(cmd.argv().contains("{\"type\":\"tap\",\"fd\":\"21\",\"id\":\"hostnet0\"}"), cmd.argv().toString());
        assertTrue(cmd.argv().contains("{\"type\":\"tap\",\"fd\":\"22\",\"id\":\"hostnet1\"}"), cmd.argv().toString());
        assertTrue(cmd.argv().contains("{\"driver\":\"e1000\",\"netdev\":\"hostnet1\",\"id\":\"net1\","
                + "\"mac\":\"52:54:00:00:00:02\",\"bus\":\"pci.0\",\"addr\":\"0x3\"}"), cmd.argv().toString());
    }

    @Test
    void aTapTheDriverMadeIsGivenByNameWithoutScripts() {
        QemuCommandLine cmd = build("<interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/>"
                + "<model type='virtio'/></interface>", "", List.of(TapEnd.named("vnet7")));
        assertTrue(cmd.argv().contains("{\"type\":\"tap\",\"ifname\":\"vnet7\",\"script\":\"no\",\"downscript\":\"no\","
                + "\"id\":\"hostnet0\"}"), cmd.argv().toString());
    }

    @Test
    void aTapInterfaceWithoutADescriptorIsAnError() {
        VirtException e = assertThrows(VirtException.class, () -> build("<interface type='bridge'>"
                + "<mac address='52:54:00:00:00:02'/><source bridge='br0'/></interface>", "", List.of()));
        assertEquals("internal error: no tap descriptor for interface 0 (bridge)", e.getMessage());
    }

    @Test
    void directKernelBootPassesKernelInitrdAndCommandLine() {
        QemuCommandLine cmd = build("", "<kernel>/boot/vmlinuz</kernel><initrd>/boot/initrd.img</initrd>"
                + "<cmdline>console=ttyS0 root=/dev/vda</cmdline>", List.of());
        assertEquals("/boot/vmlinuz", after(cmd, "-kernel"));
        assertEquals("/boot/initrd.img", after(cmd, "-initrd"));
        assertEquals("console=ttyS0 root=/dev/vda", after(cmd, "-append"));
    }

    @Test
    void diskErrorPoliciesBecomeWerrorAndRerrorWithTheReadPolicyFollowingTheWritePolicy() {
        QemuCommandLine cmd = build("<disk type='file' device='disk'><driver name='qemu' type='raw' error_policy='stop'/>"
                + "<source file='/a.img'/><target dev='vda' bus='virtio'/></disk>"
                + "<disk type='file' device='disk'><driver name='qemu' type='raw' error_policy='enospace'/>"
                + "<source file='/b.img'/><target dev='vdb' bus='virtio'/></disk>"
                + "<disk type='file' device='disk'><driver name='qemu' type='raw' error_policy='report' rerror_policy='ignore'/>"
                + "<source file='/c.img'/><target dev='vdc' bus='virtio'/></disk>"
                + "<disk type='file' device='disk'><driver name='qemu' type='raw' error_policy='default' rerror_policy='default'/>"
                + "<source file='/d.img'/><target dev='vdd' bus='virtio'/></disk>", "", List.of());
        String args = cmd.argv().toString();
        assertTrue(args.contains("\"id\":\"virtio-disk0\",\"werror\":\"stop\",\"rerror\":\"stop\"}"), args);
        assertTrue(args.contains("\"id\":\"virtio-disk1\",\"werror\":\"enospc\"}"), args);
        assertTrue(args.contains("\"id\":\"virtio-disk2\",\"werror\":\"report\",\"rerror\":\"ignore\"}"), args);
        assertTrue(args.contains("\"id\":\"virtio-disk3\"}"), args);
    }

    @Test
    void aReadPolicyOfEnospaceOrAnUnknownPolicyIsRefusedByName() {
        VirtException enospace = assertThrows(VirtException.class, () -> build("<disk type='file' device='disk'>"
                + "<driver name='qemu' rerror_policy='enospace'/><source file='/a.img'/><target dev='vda'/></disk>", "", List.of()));
        assertEquals("unsupported configuration: Setting disk 'rerror_policy' to 'enospace' is not supported", enospace.getMessage());
        VirtException unknown = assertThrows(VirtException.class, () -> build("<disk type='file' device='disk'>"
                + "<driver name='qemu' error_policy='retry'/><source file='/a.img'/><target dev='vda'/></disk>", "", List.of()));
        assertTrue(unknown.getMessage().contains("invalid disk error_policy 'retry'"), unknown.getMessage());
    }

    @Test
    void panicDevicesComeAfterTheSandboxOnTheIsaBusOrOnPci() {
        QemuCommandLine isa = build("<panic model='isa'><address type='isa' iobase='0x505'/></panic>", "", List.of());
        List<String> argv = isa.argv();
        assertEquals("{\"driver\":\"pvpanic\",\"ioport\":1285}", argv.get(argv.indexOf("-sandbox") + 3));
        QemuCommandLine pci = build("<panic model='pvpanic'/>", "", List.of());
        assertTrue(pci.argv().stream().anyMatch(a -> a.startsWith("{\"driver\":\"pvpanic-pci\",\"bus\":\"pci.0\"")),
                pci.argv().toString());
        VirtException hyperv = assertThrows(VirtException.class, () -> build("<panic model='hyperv'/>", "", List.of()));
        assertEquals("unsupported configuration: model='hyperv' of <panic> is not supported by this driver", hyperv.getMessage());
    }

    @Test
    void bootOrderBecomesBootIndexes() {
        QemuCommandLine cmd = build("<disk type='file' device='disk'><source file='/d.img'/><target dev='vda' bus='virtio'/></disk>"
                + "<disk type='file' device='cdrom'><source file='/i.iso'/><target dev='hdc' bus='ide'/><readonly/></disk>",
                "<boot dev='cdrom'/><boot dev='hd'/>", List.of());
        assertTrue(cmd.argv().contains("{\"driver\":\"ide-cd\",\"bus\":\"ide.1\",\"unit\":0,\"drive\":\"libvirt-1-format\","
                + "\"id\":\"ide0-1-0\",\"bootindex\":1}"), cmd.argv().toString());
        assertTrue(cmd.argv().stream().anyMatch(a -> a.contains("virtio-disk0") && a.contains("\"bootindex\":2")));
    }

    @Test
    void anythingUnknownIsRefusedNotIgnored() {
        VirtException element = assertThrows(VirtException.class, () -> build("<hostdev mode='subsystem' type='pci'/>", "", List.of()));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, element.code());
        assertEquals("unsupported configuration: <hostdev> in <devices> is not supported by this driver", element.getMessage());
        VirtException attribute = assertThrows(VirtException.class, () -> build(
                "<disk type='file' device='disk' snapshot='external'><source file='/d.img'/><target dev='vda'/></disk>", "", List.of()));
        assertEquals("unsupported configuration: attribute 'snapshot' of <disk> is not supported by this driver",
                attribute.getMessage());
        VirtException value = assertThrows(VirtException.class, () -> build(
                "<graphics type='spice'/>", "", List.of()));
        assertEquals("unsupported configuration: type='spice' of <graphics> is not supported by this driver", value.getMessage());
    }

    @Test
    void theLogTextQuotesWhatTheShellWouldMisread() {
        assertEquals("plain", QemuCommandLine.quote("plain"));
        assertEquals("'{\"a\":1}'", QemuCommandLine.quote("{\"a\":1}"));
        assertEquals("'it'\\''s'", QemuCommandLine.quote("it's"));
        assertEquals("''", QemuCommandLine.quote(""));
    }
}
