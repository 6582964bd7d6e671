package org.virtfx.drivers.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.storage.PoolSummary;

class DefaultNodeTest {
    private final DriverRegistry registry = DriverRegistry.discover();

    @Test
    void startsInLibvirtsDefaultState() {
        try (Connection c = registry.open("test:///default")) {
            assertEquals(new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2), c.host().nodeInfo());
            assertEquals(2, c.host().numaCells().size());
            assertEquals(List.of(8, 9, 10, 11, 12, 13, 14, 15), c.host().numaCells().get(1).cpus());

            DomainSummary test = c.domains().lookup("test");
            assertEquals(new DomainSummary("test", UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f"), 1,
                    DomainState.RUNNING, StateReason.UNKNOWN, true, false), test);
            var stats = c.domains().stats(test.uuid());
            assertEquals(2, stats.vcpus());
            assertEquals(8388608, stats.maxMemoryKiB());
            assertEquals(2097152, stats.memoryKiB());

            NetworkSummary net = c.networks().lookup("default");
            assertTrue(net.active());
            assertEquals("virbr0", net.bridge());
            String netXml = c.networks().xml(net.uuid(), false);
            assertTrue(netXml.contains("<forward mode='nat'/>"), netXml);
            assertTrue(netXml.contains("<range start='192.168.122.2' end='192.168.122.254'/>"), netXml);

            PoolSummary pool = c.storage().lookupPool("default-pool");
            assertEquals("dir", pool.type());
            assertEquals(107374182400L, pool.capacity());
            assertTrue(pool.active());

            assertEquals(List.of(new HostInterface("eth1", "aa:bb:cc:dd:ee:ff", true)), c.host().interfaces());
        }
    }

    @Test
    void defaultDomainXmlIsWhatVirshDumps() {
        try (Connection c = registry.open("test:///default")) {
            UUID uuid = c.domains().lookup("test").uuid();
            String live = c.domains().xml(uuid, false);
            assertEquals("""
                    <domain type='test' id='1'>
                      <name>test</name>
                      <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
                      <memory unit='KiB'>8388608</memory>
                      <currentMemory unit='KiB'>2097152</currentMemory>
                      <vcpu placement='static'>2</vcpu>
                      <os>
                        <type arch='i686'>hvm</type>
                        <boot dev='hd'/>
                      </os>
                      <clock offset='utc'/>
                      <on_poweroff>destroy</on_poweroff>
                      <on_reboot>restart</on_reboot>
                      <on_crash>destroy</on_crash>
                      <devices>
                        <disk type='file' device='disk'>
                          <source file='/guest/diskimage1'/>
                          <target dev='vda' bus='virtio'/>
                          <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
                        </disk>
                        <interface type='network'>
                          <mac address='aa:bb:cc:dd:ee:ff'/>
                          <source network='default'/>
                          <target dev='testnet0'/>
                          <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>
                        </interface>
                        <memballoon model='virtio'>
                          <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
                        </memballoon>
                      </devices>
                    </domain>
                    """, live);
            assertTrue(c.domains().xml(uuid, true).startsWith("<domain type='test'>\n"));
        }
    }

    @Test
    void connectionsShareDefaultStateUntilTheLastCloses() {
        Connection first = registry.open("test:///default");
        Connection second = registry.open("test:///default");
        UUID uuid = first.domains().lookup("test").uuid();
        first.domains().destroy(uuid);
        assertEquals(DomainState.SHUTOFF, second.domains().lookup("test").state());
        first.close();
        second.close();
        try (Connection fresh = registry.open("test:///default")) {
            assertEquals(DomainState.RUNNING, fresh.domains().lookup("test").state());
            assertFalse(fresh.domains().list().isEmpty());
        }
    }
}
