package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.net.MacAddress;

/** What a start takes from libvirt's LXC domain XML; needs no root. */
class ContainerConfigTest {

    private static ContainerConfig read(String xml) {
        return ContainerConfig.read(new DomainXml().parse(xml, "(test)"));
    }

    @Test
    void readsInitArgumentsEnvironmentDirectoryMountsAndLimits() {
        ContainerConfig c = read("""
                <domain type='lxc'><name>c</name><memory unit='MiB'>256</memory>
                  <memtune><hard_limit unit='MiB'>128</hard_limit></memtune>
                  <cputune><shares>2048</shares></cputune>
                  <os><type>exe</type><init>/bin/systemd</init><initarg>--unit</initarg><initarg>a b</initarg>
                    <initenv name='FOO'>bar baz</initenv><initdir>/srv</initdir></os>
                  <idmap><uid start='0' target='100000' count='65536'/><gid start='0' target='100000' count='65536'/></idmap>
                  <devices>
                    <filesystem type='mount'><source dir='/mach/c'/><target dir='/'/></filesystem>
                    <filesystem type='mount'><source dir='/srv/data'/><target dir='/data'/><readonly/></filesystem>
                    <interface type='bridge'><mac address='00:16:3e:0f:ef:8a'/><source bridge='br0'/>
                      <target dev='veth7'/><guest dev='eth2'/><link state='down'/></interface>
                    <interface type='network'><source network='default'/><target dev='mynic'/></interface>
                  </devices></domain>""");
        assertEquals("/bin/systemd", c.init());
        assertEquals(List.of("--unit", "a b"), c.initArgs());
        assertEquals(Map.of("FOO", "bar baz"), c.initEnv());
        assertEquals("/srv", c.initDir());
        assertEquals(Optional.of("/mach/c"), c.root());
        assertEquals(List.of(ContainerConfig.Mount.bind("/srv/data", "/data", true)), c.mounts());
        assertEquals(128 * 1024, c.memoryLimitKiB());
        assertEquals(Optional.of(2048L), c.cpuShares());
        assertEquals("0 100000 65536\n", c.idmap().orElseThrow().uidMap());
        ContainerConfig.Interface first = c.interfaces().get(0);
        assertEquals(MacAddress.parse("00:16:3e:0f:ef:8a"), first.mac());
        assertEquals(Optional.empty(), first.hostName(), "a vethN target is a generated name, not a choice");
        assertEquals("eth2", first.guestName());
        assertFalse(first.up());
        ContainerConfig.Interface second = c.interfaces().get(1);
        assertEquals("network", second.type());
        assertEquals(Optional.of("mynic"), second.hostName());
        assertEquals("eth1", second.guestName(), "guest names follow the interface's position");
        assertTrue(second.up());
    }

    @Test
    void withoutInitOrFilesystemsTheContainerSharesTheHostRootAndRunsSbinInit() {
        ContainerConfig c = read("<domain type='lxc'><name>c</name><memory>1024</memory><os><type>exe</type></os></domain>");
        assertEquals("/sbin/init", c.init());
        assertEquals(Optional.empty(), c.root());
        assertEquals("/", c.initDir());
        assertEquals(1024, c.memoryLimitKiB());
    }

    @Test
    void refusesWhatItCannotStart() {
        assertUnsupported("<domain type='kvm'><name>c</name><memory>1024</memory><os><type>hvm</type></os></domain>");
        assertUnsupported("<domain type='lxc'><name>c</name><memory>1024</memory><os><type>exe</type></os>"
                + "<devices><filesystem type='file'><source file='/a.img'/><target dir='/'/></filesystem></devices></domain>");
        assertUnsupported("<domain type='lxc'><name>c</name><memory>1024</memory><os><type>exe</type>"
                + "<init>sbin/init</init></os></domain>");
        VirtException e = assertThrows(VirtException.class, () -> read("<domain type='lxc'><name>c</name><memory>1024"
                + "</memory><os><type>exe</type></os><devices><filesystem type='mount'><source dir='/a'/>"
                + "<target dir='/x/../../etc'/></filesystem></devices></domain>"));
        assertEquals(ErrorCode.XML_ERROR, e.code());
    }

    /** Every init-related case of libvirt's lxcxml2xml corpus is understood. */
    @Test
    void readsTheLibvirtCorpusCasesWithMountFilesystems() throws Exception {
        Path corpus = Path.of(System.getProperty("virtfx.conformance", "../../conformance/libvirt"),
                "tests/lxcxml2xmldata");
        assertTrue(Files.isDirectory(corpus), "libvirt conformance corpus not found at " + corpus);
        ContainerConfig initenv = read(Files.readString(corpus.resolve("lxc-initenv.xml")));
        assertEquals(Map.of("FOO", "bar"), initenv.initEnv());
        assertEquals("/sbin/sh", initenv.init());
        ContainerConfig initdir = read(Files.readString(corpus.resolve("lxc-initdir.xml")));
        assertEquals("/path/to/pwd", initdir.initDir());
        ContainerConfig idmap = read(Files.readString(corpus.resolve("lxc-idmap.xml")));
        assertEquals("0 100000 100000\n", idmap.idmap().orElseThrow().gidMap());
        assertEquals("eth2", idmap.interfaces().get(0).guestName());
        ContainerConfig inituser = read(Files.readString(corpus.resolve("lxc-inituser.xml")));
        assertEquals(Optional.of("tester"), inituser.initUser());
        assertEquals(Optional.of("1234"), inituser.initGroup());
        GuestAddressing ethernet = read(Files.readString(corpus.resolve("lxc-ethernet.xml"))).interfaces().get(0)
                .addressing();
        assertEquals(List.of(IpPrefix.parse("192.168.122.12/24"), IpPrefix.parse("192.168.122.13/24")),
                ethernet.addresses());
        assertEquals(List.of(new GuestAddressing.GuestRoute(IpPrefix.parse("0.0.0.0/0"),
                        InetAddress.getByName("192.168.122.1"), 1),
                new GuestAddressing.GuestRoute(IpPrefix.parse("192.168.124.0/24"), InetAddress.getByName("192.168.124.1"), 1)),
                ethernet.routes(), "a route to 0.0.0.0 without a prefix is the default route");
        assertUnsupported(Files.readString(corpus.resolve("lxc-ethernet-hostip.xml")));
    }

    @Test
    void cpusetsReadAsLibvirtWritesThem() {
        assertEquals(List.of(0, 1, 3, 6), ContainerConfig.cpuList("0-3,^2,6"));
        assertEquals(List.of(1), ContainerConfig.cpuList(" 1 "));
        for (String bad : List.of("", "a", "3-1", "^0", "0,^0", "1-", "^1-2")) {
            VirtException e = assertThrows(VirtException.class, () -> ContainerConfig.cpuList(bad), bad);
            assertTrue(e.getMessage().contains("cpuset '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void ramFilesystemsTakeTheirSizeInAnyUnitAndNeedOne() {
        ContainerConfig c = read("<domain type='lxc'><name>c</name><memory>1024</memory><os><type>exe</type></os>"
                + "<devices><filesystem type='ram'><source usage='1048576' units='bytes'/><target dir='/a'/></filesystem>"
                + "<filesystem type='ram'><source usage='3'  units='MiB'/><target dir='/b'/></filesystem></devices></domain>");
        assertEquals(List.of(ContainerConfig.Mount.ram("/a", 1024), ContainerConfig.Mount.ram("/b", 3072)), c.mounts());
        VirtException e = assertThrows(VirtException.class, () -> read("<domain type='lxc'><name>c</name><memory>1024"
                + "</memory><os><type>exe</type></os><devices><filesystem type='ram'><target dir='/a'/></filesystem>"
                + "</devices></domain>"));
        assertTrue(e.getMessage().contains("ram filesystem at /a needs <source usage>"), e.getMessage());
    }

    private static void assertUnsupported(String xml) {
        VirtException e = assertThrows(VirtException.class, () -> read(xml));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code(), e.getMessage());
    }
}
