package org.virtfx.drivers.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.LifecycleEvent;

class DomainLifecycleTest {
    private static final String NEW_DOMAIN = """
            <domain type='test'>
              <name>web</name>
              <memory unit='MiB'>512</memory>
              <vcpu>1</vcpu>
              <os><type>hvm</type></os>
              <devices>
                <interface type='network'><source network='default'/></interface>
              </devices>
            </domain>
            """;

    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final DomainFamily domains = connection.domains();
    private final UUID test = domains.lookup("test").uuid();

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void idsIncreaseOnEveryStart() {
        domains.destroy(test);
        assertEquals(StateReason.DESTROYED, domains.lookup("test").reason());
        assertEquals(-1, domains.lookup("test").id());
        domains.start(test);
        assertEquals(2, domains.lookup("test").id());
        assertEquals(StateReason.BOOTED, domains.lookup("test").reason());
        domains.destroy(test);
        domains.start(test);
        assertEquals(3, domains.lookup("3").id());
    }

    @Test
    void sendKeyNeedsARunningDomainAndLinuxKeycodes() {
        domains.sendKey(test, 0, 29, 56, 111);
        VirtException invalid = assertThrows(VirtException.class, () -> domains.sendKey(test, 0, 29, 0x300));
        assertEquals("invalid keycode 768 of linux codeset", invalid.getMessage().replaceAll("^.*: ", ""));
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class,
                () -> domains.sendKey(test, 0, new int[17])).code());
        domains.destroy(test);
        VirtException off = assertThrows(VirtException.class, () -> domains.sendKey(test, 0, 29, 56, 111));
        assertEquals(ErrorCode.OPERATION_INVALID, off.code());
    }

    @Test
    void refusesTransitionsWithLibvirtsMessages() {
        assertMessage("Requested operation is not valid: Domain 'test' is already running", () -> domains.start(test));
        assertMessage("internal error: domain 'test' not paused", () -> domains.resume(test));
        domains.suspend(test);
        assertEquals(DomainState.PAUSED, domains.lookup("test").state());
        assertMessage("internal error: domain 'test' not running", () -> domains.suspend(test));
        domains.resume(test);
        assertEquals(StateReason.UNPAUSED, domains.lookup("test").reason());
        domains.shutdown(test);
        assertEquals(StateReason.SHUTDOWN, domains.lookup("test").reason());
        assertMessage("Requested operation is not valid: domain is not running", () -> domains.destroy(test));
        assertMessage("internal error: domain 'test' not running", () -> domains.shutdown(test));
        assertMessage("Requested operation is not valid: domain is not running", () -> domains.reboot(test));
        assertMessage("Domain not found: no domain with matching name 'nosuch'", () -> domains.lookup("nosuch"));
    }

    @Test
    void rebootKeepsTheDomainRunningWithItsId() {
        domains.reboot(test);
        assertEquals(1, domains.lookup("test").id());
        assertEquals(StateReason.BOOTED, domains.lookup("test").reason());
    }

    @Test
    void undefiningARunningDomainLeavesItTransientUntilItStops() {
        domains.undefine(test);
        assertFalse(domains.lookup("test").persistent());
        assertEquals(DomainState.RUNNING, domains.lookup("test").state());
        domains.destroy(test);
        assertTrue(domains.byName("test").isEmpty());
    }

    @Test
    void definesWithDefaultsAndRefusesDuplicates() {
        var web = domains.define(NEW_DOMAIN);
        assertEquals(DomainState.SHUTOFF, web.state());
        String xml = domains.xml(web.uuid(), true);
        assertTrue(xml.contains("<memory unit='KiB'>524288</memory>"), xml);
        assertTrue(xml.contains("<target dev='testnet0'/>"), xml);

        String sameNameOtherUuid = NEW_DOMAIN.replace("<name>web</name>",
                "<name>web</name><uuid>11111111-2222-3333-4444-555555555555</uuid>");
        assertMessage("operation failed: domain 'web' already exists with uuid " + web.uuid(),
                () -> domains.define(sameNameOtherUuid));
        String sameUuidOtherName = NEW_DOMAIN.replace("<name>web</name>",
                "<name>db</name><uuid>" + web.uuid() + "</uuid>");
        assertMessage("operation failed: domain 'web' is already defined with uuid " + web.uuid(),
                () -> domains.define(sameUuidOtherName));
        assertEquals(2, domains.list().size());
    }

    @Test
    void interfacesAreNamedPerDomainAsLibvirtsTestDriverNamesThem() {
        // Each domain counts only its own interfaces: 'test' already has testnet0, and the new
        // domain's first unnamed interface skips only the testnet0 it names itself.
        String nics = """
                <domain type='test'>
                  <name>three</name>
                  <memory unit='MiB'>512</memory>
                  <os><type>hvm</type></os>
                  <devices>
                    <interface type='network'><source network='default'/></interface>
                    <interface type='network'><source network='default'/><target dev='testnet0'/></interface>
                    <interface type='user'/>
                    <interface type='network'><source network='default'/><target dev='testnet2'/></interface>
                  </devices>
                </domain>
                """;
        var three = domains.define(nics);
        List<String> names = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<target dev='([^']+)'/>")
                .matcher(domains.xml(three.uuid(), true));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertEquals(List.of("testnet1", "testnet0", "testnet3", "testnet2"), names);
        assertTrue(domains.xml(test, true).contains("<target dev='testnet0'/>"));
    }

    @Test
    void aDomainWithMoreThan1024UnnamedInterfacesIsRefusedAsInLibvirt() {
        String nic = "<interface type='user'/>";
        String many = NEW_DOMAIN.replace("<interface type='network'><source network='default'/></interface>",
                nic.repeat(1025));
        assertMessage("internal error: Exceeded max iface limit 1024", () -> domains.define(many));
        assertTrue(domains.byName("web").isEmpty());
    }

    @Test
    void badXmlIsRefusedWithItsPositionAndChangesNothing() {
        VirtException malformed = assertThrows(VirtException.class,
                () -> domains.define("<domain type='test'>\n  <name>x</name>\n  <oops>\n</domain>"));
        assertEquals(ErrorCode.XML_ERROR, malformed.code());
        assertEquals("(domain_definition):4: Opening and ending tag mismatch: oops line 3 and domain\n</domain>\n---------^",
                malformed.getMessage());
        assertMessage("XML error: expecting root element of 'domain', not 'network'",
                () -> domains.define("<network><name>n</name></network>"));
        assertMessage("XML error: an os <type> must be specified",
                () -> domains.define("<domain type='test'><name>x</name><memory>1024</memory></domain>"));
        VirtException xxe = assertThrows(VirtException.class,
                () -> domains.define("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"));
        assertTrue(xxe.getMessage().endsWith("document type declarations (DOCTYPE) are not allowed"), xxe.getMessage());
        assertEquals(1, domains.list().size());
    }

    @Test
    void eventsArriveAfterLocksAreReleased() {
        List<LifecycleEvent> seen = new CopyOnWriteArrayList<>();
        List<String> statesSeenByListener = new ArrayList<>();
        try (var subscription = connection.events().subscribe(event -> {
            seen.add(event);
            // Calling back into the driver from a listener must neither deadlock nor see stale state.
            statesSeenByListener.add(domains.lookup("test").state().label());
        })) {
            domains.suspend(test);
            domains.resume(test);
            domains.destroy(test);
        }
        assertEquals(List.of(DomainEvent.Type.SUSPENDED, DomainEvent.Type.RESUMED, DomainEvent.Type.STOPPED),
                seen.stream().map(e -> ((DomainEvent) e).type()).toList());
        assertEquals(List.of("paused", "running", "shut off"), statesSeenByListener);
        assertEquals("destroyed", ((DomainEvent) seen.get(2)).detail());
    }

    @Test
    void destroyInterruptsARunningJob() throws Exception {
        DomainObject<?> domain = ((TestConnection) connection).state().node().domains().require(test);
        var entered = new java.util.concurrent.CountDownLatch(1);
        Thread longJob = new Thread(() -> domain.job().run("migrate", () -> {
            entered.countDown();
            while (!domain.job().abortRequested()) {
                Thread.onSpinWait();
            }
            return null;
        }));
        longJob.start();
        entered.await();
        // A query does not wait behind the job...
        assertEquals(DomainState.RUNNING, domains.lookup("test").state());
        // ...and force off does not wait it out: it asks the job to abort and takes over.
        domains.destroy(test);
        longJob.join(5000);
        assertFalse(longJob.isAlive());
        assertEquals(DomainState.SHUTOFF, domains.lookup("test").state());
    }

    private static void assertMessage(String expected, Runnable action) {
        assertEquals(expected, assertThrows(VirtException.class, action::run).getMessage());
    }
}
