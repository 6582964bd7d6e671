package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.SnapshotState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.host.NumaCell;
import org.virtfx.core.host.VersionNumber;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.network.NetworkUpdate;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;

/** The families over libvirt's own test driver (test:///default, fresh for each test). */
class LibvirtFamiliesTest {
    private static final UUID TEST = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
    private LibvirtConnection connection;
    private DomainFamily domains;

    @BeforeEach
    void open() {
        connection = LibvirtConnection.open(ConnectionUri.parse("test:///default"), ConnectAuth.NONE);
        domains = connection.domains();
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void aTestDriverDomainHasNoAccelerationToShow() {
        // libvirt's test driver runs domains of type 'test': no KVM or TCG to explain.
        assertEquals(Optional.empty(), domains.acceleration(TEST));
    }

    @Test
    void domainsGoThroughLibvirtsLifecycle() {
        assertEquals(List.of(new DomainSummary("test", TEST, 1, DomainState.RUNNING, StateReason.UNKNOWN, true, false)),
                domains.list());
        domains.suspend(TEST);
        assertEquals(StateReason.USER, domains.byUuid(TEST).orElseThrow().reason());
        domains.resume(TEST);
        assertEquals(StateReason.UNPAUSED, domains.lookup("test").reason());
        domains.destroy(TEST);
        DomainSummary off = domains.lookup("test");
        assertEquals(DomainState.SHUTOFF, off.state());
        assertEquals(StateReason.DESTROYED, off.reason());
        assertEquals(-1, off.id());
        domains.start(TEST);
        assertEquals(2, domains.lookup("test").id());
        assertEquals("test", domains.byId(2).orElseThrow().name());
        assertEquals(Optional.empty(), domains.byName("nosuch"));
        VirtException missing = assertThrows(VirtException.class, () -> domains.lookup("nosuch"));
        assertEquals(ErrorCode.NO_DOMAIN, missing.code());
        DomainStats stats = domains.stats(TEST);
        assertEquals(DomainState.RUNNING, stats.state());
        assertEquals(2, stats.vcpus());
        assertEquals(8388608, stats.maxMemoryKiB());
    }

    @Test
    void keysReachLibvirtWhichRefusesThemForAStoppedDomain() {
        domains.sendKey(TEST, 0, 29, 56, 111);
        VirtException unknown = assertThrows(VirtException.class, () -> domains.sendKey(TEST, 0, 99999));
        assertTrue(unknown.getMessage().contains("99999"), unknown.getMessage());
        domains.destroy(TEST);
        VirtException off = assertThrows(VirtException.class, () -> domains.sendKey(TEST, 0, 30));
        assertEquals("Requested operation is not valid: domain is not running", off.getMessage());
    }

    @Test
    void theTestDriversPngScreenshotArrivesAsTheSamePicturesPpm() throws Exception {
        byte[] ppm = domains.screenshot(TEST);
        String header = new String(ppm, 0, 16, java.nio.charset.StandardCharsets.US_ASCII);
        // libvirt's test driver sends its 1120x832 grayscale PNG (test-screenshot.png).
        assertTrue(header.startsWith("P6\n1120 832\n255\n"), header);
        int pixels = 1120 * 832;
        int start = ppm.length - 3 * pixels;
        assertEquals("P6\n1120 832\n255\n".length(), start);
        java.util.Set<Integer> shades = new java.util.HashSet<>();
        for (int p = start; p < ppm.length; p += 3) {
            assertEquals(ppm[p], ppm[p + 1], "grayscale");
            assertEquals(ppm[p], ppm[p + 2], "grayscale");
            shades.add(ppm[p] & 0xff);
        }
        assertTrue(shades.size() > 16, "a picture, not a blank: " + shades.size() + " shades");
    }

    @Test
    void memoryAndVcpusChangeLiveOrInTheDefinitionWithinTheMaximum() {
        assertTrue(connection.supports(org.virtfx.core.connect.Feature.LIVE_RESOURCE_CHANGES));
        java.util.Set<DeviceScope> live = java.util.EnumSet.of(DeviceScope.LIVE);
        java.util.Set<DeviceScope> config = java.util.EnumSet.of(DeviceScope.CONFIG);
        domains.setMemory(TEST, 4_000_000, live);
        assertEquals(4_000_000, domains.stats(TEST).memoryKiB());
        assertTrue(domains.xml(TEST, true).contains("<currentMemory unit='KiB'>2097152</currentMemory>"),
                "the definition keeps its amount");
        domains.setMemory(TEST, 3_000_000, config);
        assertTrue(domains.xml(TEST, true).contains("<currentMemory unit='KiB'>3000000</currentMemory>"));
        assertEquals(4_000_000, domains.stats(TEST).memoryKiB(), "the running guest keeps its amount");
        VirtException above = assertThrows(VirtException.class, () -> domains.setMemory(TEST, 9_000_000, live));
        assertEquals("invalid argument: cannot set memory higher than max memory", above.getMessage());
        VirtException negative = assertThrows(VirtException.class, () -> domains.setMemory(TEST, -1, live));
        assertEquals(ErrorCode.INVALID_ARG, negative.code());

        domains.setVcpus(TEST, 1, live);
        assertEquals(1, domains.stats(TEST).vcpus());
        assertTrue(domains.xml(TEST, true).contains(">2</vcpu>"), "the definition keeps two");
        domains.setVcpus(TEST, 1, config);
        assertTrue(domains.xml(TEST, true).contains("current='1'>2</vcpu>"), domains.xml(TEST, true));
        VirtException tooMany = assertThrows(VirtException.class, () -> domains.setVcpus(TEST, 3, live));
        assertEquals("invalid argument: requested cpu amount exceeds maximum (3 > 2)", tooMany.getMessage());
    }

    @Test
    void managedSaveBlocksUndefineUntilRemoved() {
        domains.managedSave(TEST);
        assertTrue(domains.hasManagedSave(TEST));
        assertEquals(StateReason.SAVED, domains.lookup("test").reason());
        VirtException refused = assertThrows(VirtException.class, () -> domains.undefine(TEST));
        assertEquals("Requested operation is not valid: Refusing to undefine while domain managed save image exists",
                refused.getMessage());
        domains.managedSaveRemove(TEST);
        assertFalse(domains.hasManagedSave(TEST));
        domains.undefine(TEST);
        assertEquals(List.of(), domains.list());
    }

    @Test
    void definesRedefinesAndReadsXml() {
        String xml = """
                <domain type='test'>
                  <name>web</name>
                  <uuid>4a9b3f53-fa2a-47f3-a757-dd87720d9d1d</uuid>
                  <memory unit='KiB'>1048576</memory>
                  <os><type>hvm</type></os>
                </domain>
                """;
        DomainSummary web = domains.define(xml);
        assertEquals(new DomainSummary("web", UUID.fromString("4a9b3f53-fa2a-47f3-a757-dd87720d9d1d"), -1,
                DomainState.SHUTOFF, StateReason.UNKNOWN, true, false), web);
        domains.setAutostart(web.uuid(), true);
        assertTrue(domains.lookup("web").autostart());
        domains.start(web.uuid());
        assertTrue(domains.xml(web.uuid(), false).startsWith("<domain type='test' id='2'>"));
        assertTrue(domains.xml(web.uuid(), true).startsWith("<domain type='test'>"));
        domains.undefine(web.uuid());
        DomainSummary transientWeb = domains.lookup("web");
        assertFalse(transientWeb.persistent());
        domains.destroy(web.uuid());
        assertEquals(Optional.empty(), domains.byName("web"));
        VirtException bad = assertThrows(VirtException.class, () -> domains.define("<domain type='test'/>"));
        assertTrue(bad.getMessage().contains("name"), bad.getMessage());
    }

    @Test
    void snapshotsKeepLibvirtsTree() {
        DomainSnapshot first = domains.createSnapshot(TEST, "<domainsnapshot><name>s1</name>"
                + "<description>first</description></domainsnapshot>");
        assertEquals("s1", first.name());
        assertEquals("first", first.description());
        assertEquals(SnapshotState.RUNNING, first.state());
        assertTrue(first.current());
        DomainSnapshot second = domains.createSnapshot(TEST, "<domainsnapshot><name>s2</name></domainsnapshot>");
        assertEquals(Optional.of("s1"), second.parent());
        assertEquals("s2", domains.currentSnapshot(TEST).orElseThrow().name());
        domains.revertToSnapshot(TEST, "s1");
        assertTrue(domains.snapshot(TEST, "s1").current());
        assertTrue(domains.snapshotXml(TEST, "s1").contains("<description>first</description>"));
        domains.redefineSnapshot(TEST, domains.snapshotXml(TEST, "s2").replace("<name>s2</name>",
                "<name>s2</name>\n  <description>second</description>"));
        assertEquals("second", domains.snapshot(TEST, "s2").description());
        assertTrue(domains.snapshot(TEST, "s1").current(), "a redefine leaves the current snapshot");
        domains.redefineSnapshot(TEST, domains.snapshotXml(TEST, "s2"), true);
        assertTrue(domains.snapshot(TEST, "s2").current(), "--current makes the redefined snapshot current");
        domains.revertToSnapshot(TEST, "s1", true);
        assertTrue(domains.snapshot(TEST, "s1").current());
        domains.deleteSnapshot(TEST, "s1");
        assertEquals(Optional.empty(), domains.snapshot(TEST, "s2").parent());
        VirtException missing = assertThrows(VirtException.class, () -> domains.snapshot(TEST, "s1"));
        assertEquals(ErrorCode.NO_DOMAIN_SNAPSHOT, missing.code());
        assertEquals("Domain snapshot not found: no domain snapshot with matching name 's1'", missing.getMessage());
    }

    @Test
    void networksDefineStartAndUpdate() {
        var networks = connection.networks();
        NetworkSummary defaultNet = networks.lookup("default");
        assertEquals(new NetworkSummary("default", UUID.fromString("dd8fe884-6c02-601e-7551-cca97df1c5df"), true, true,
                false, "virbr0"), defaultNet);
        assertEquals(defaultNet, networks.lookup(defaultNet.uuid().toString()));
        NetworkSummary after = networks.update(defaultNet.uuid(), new NetworkUpdate(NetworkUpdate.Section.IP_DHCP_HOST,
                NetworkUpdate.Command.ADD_LAST, -1, "<host mac='52:54:00:00:00:01' ip='192.168.122.5'/>"), true, true);
        assertEquals(defaultNet, after);
        assertTrue(networks.xml(defaultNet.uuid(), false).contains("<host mac='52:54:00:00:00:01' ip='192.168.122.5'/>"));
        networks.destroy(defaultNet.uuid());
        assertFalse(networks.lookup("default").active());
        networks.setAutostart(defaultNet.uuid(), true);
        assertTrue(networks.lookup("default").autostart());
        networks.undefine(defaultNet.uuid());
        assertEquals(List.of(), networks.list());
        VirtException leases = assertThrows(VirtException.class, () -> networks.leases(defaultNet.uuid()));
        assertEquals(ErrorCode.NO_NETWORK, leases.code());
        VirtException missing = assertThrows(VirtException.class, () -> networks.lookup("nosuch"));
        assertEquals("Network not found: no network with matching name 'nosuch'", missing.getMessage());
    }

    @Test
    void aCreatedNetworkIsTransientAndGoneAfterDestroyAndClashesGetLibvirtsWords() {
        var networks = connection.networks();
        NetworkSummary created = networks.create("<network><name>tnet</name><bridge name='vbrt'/></network>");
        assertEquals(new NetworkSummary("tnet", created.uuid(), true, false, false, "vbrt"), networks.lookup("tnet"));
        VirtException clash = assertThrows(VirtException.class, () -> networks.create(
                "<network><name>tnet</name></network>"));
        assertEquals("operation failed: network 'tnet' already exists with uuid " + created.uuid(), clash.getMessage());
        networks.destroy(created.uuid());
        assertTrue(networks.byName("tnet").isEmpty());
    }

    @Test
    void leasesAreUnsupportedByLibvirtsTestDriver() {
        var networks = connection.networks();
        VirtException e = assertThrows(VirtException.class, () -> networks.leases(networks.lookup("default").uuid()));
        assertEquals(ErrorCode.NO_SUPPORT, e.code());
        assertEquals("this function is not supported by the connection driver: virNetworkGetDHCPLeases", e.getMessage());
    }

    @Test
    void hostFactsComeFromLibvirt() {
        var host = connection.host();
        assertEquals("TEST", host.hypervisorType());
        assertEquals(new VersionNumber(0, 0, 2), host.hypervisorVersion());
        assertEquals(9, host.libraryVersion().major());
        assertEquals(List.of(0, 1), host.numaCells().stream().map(NumaCell::id).toList());
        assertEquals(new NumaCell(1, 4194304, List.of(8, 9, 10, 11, 12, 13, 14, 15)), host.numaCells().get(1));
        assertEquals(16, host.nodeInfo().cpus());
        assertFalse(host.hostname().isEmpty());
        assertEquals("eth1", host.interfaces().get(0).name());
        // The test driver has no host counters: the running domains' use stands in, as in virt-manager.
        HostUsage usage = host.usage();
        assertEquals(2097152, usage.memoryUsedKiB());
        assertEquals(3145728, usage.memoryTotalKiB());
        assertTrue(usage.cpuTimeNanos() > 0);
    }
}
