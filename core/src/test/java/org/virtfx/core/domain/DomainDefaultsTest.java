package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;

/** libvirt's parse-time defaults and checks that the corpus cases do not pin on their own. */
class DomainDefaultsTest {

    private static String domain(String cputune, String devices) {
        return "<domain type='qemu'><name>d</name><memory>1024</memory><vcpu>4</vcpu>" + cputune
                + "<os><type arch='x86_64'>hvm</type></os><devices>" + devices + "</devices></domain>";
    }

    @Test
    void madeUpMacAddressesTakeQemusPrefixAndTheRandomBytes() {
        AtomicLong next = new AtomicLong(0xA0);
        DomainXml domains = new DomainXml(next::getAndIncrement);
        String xml = domains.parse(domain("", "<interface type='network'><source network='default'/></interface>"
                + "<interface type='network'><mac address='00:00:00:00:00:00'/><source network='n'/></interface>"),
                "t").xml();
        assertTrue(xml.contains("<mac address='52:54:00:a0:a1:a2'/>"), xml);
        assertTrue(xml.contains("<mac address='52:54:00:a3:a4:a5'/>"), xml);
    }

    @Test
    void givenMacAddressesStayButMulticastOnesAreRefused() {
        DomainXml domains = new DomainXml(() -> 0);
        String xml = domains.parse(domain("", "<interface type='bridge'><mac address='AA:BB:CC:DD:EE:FF'/>"
                + "<source bridge='br0'/></interface>"), "t").xml();
        assertTrue(xml.contains("<mac address='aa:bb:cc:dd:ee:ff'/>"), xml);
        VirtException e = assertThrows(VirtException.class, () -> domains.parse(domain("",
                "<interface type='bridge'><mac address='01:00:5e:00:00:01'/></interface>"), "t.xml"));
        assertTrue(e.getMessage().contains("multicast '01:00:5e:00:00:01'"), e.getMessage());
        assertTrue(e.getMessage().contains("t.xml: line 1"), e.getMessage());
    }

    @Test
    void schedulersAreWrittenOneThreadEachAndMayNotOverlap() {
        DomainXml domains = new DomainXml(() -> 0);
        String xml = domains.parse(domain("<cputune><vcpusched vcpus='0-3,^1' scheduler='rr' priority='5'/>"
                + "</cputune>", ""), "t").xml();
        assertTrue(xml.contains("<vcpusched vcpus='0' scheduler='rr' priority='5'/>\n"
                + "    <vcpusched vcpus='2' scheduler='rr' priority='5'/>\n"
                + "    <vcpusched vcpus='3' scheduler='rr' priority='5'/>\n"), xml);
        VirtException e = assertThrows(VirtException.class, () -> domains.parse(domain("<cputune>"
                + "<vcpusched vcpus='0-1' scheduler='idle'/><vcpusched vcpus='1' scheduler='batch'/></cputune>",
                ""), "t"));
        assertTrue(e.getMessage().contains("must not overlap"), e.getMessage());
        assertThrows(VirtException.class, () -> domains.parse(domain(
                "<cputune><vcpusched vcpus='4' scheduler='idle'/></cputune>", ""), "t"));
    }

    @Test
    void cpuListsReadAndWriteInLibvirtsSyntax() {
        assertEquals("0-2,5,7-9", CpuSet.parse("0-9,^3-4,^6", "x").format());
        assertEquals("0-1", CpuSet.parse("0-3", "x").below(2).format());
        assertTrue(CpuSet.parse("100", "x").below(2).isEmpty());
        assertThrows(VirtException.class, () -> CpuSet.parse("3-1", "x"));
        assertThrows(VirtException.class, () -> CpuSet.parse("a", "x"));
    }

    @Test
    void tcpCharacterDevicesGetTheirModeAndProtocol() {
        DomainXml domains = new DomainXml(() -> 0);
        String xml = domains.parse(domain("", "<serial type='tcp'><source host='h' service='1'/>"
                + "<target port='0'/></serial>"), "t").xml();
        assertTrue(xml.contains("<source mode='connect' host='h' service='1'/>\n      <protocol type='raw'/>\n"), xml);
        assertThrows(VirtException.class, () -> domains.parse(domain("", "<serial type='tcp'><source host='h'/>"
                + "</serial>"), "t"));
    }
}
