package org.virtfx.drivers.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;

/** libvirt's test-driver managed save: stop with reason "saved", an image flag the next start drops. */
class ManagedSaveTest {
    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final DomainFamily domains = connection.domains();
    private final UUID test = domains.lookup("test").uuid();

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void managedSaveStopsTheDomainWithReasonSavedAndKeepsAnImage() {
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (var subscription = connection.events().subscribe(e -> events.add((DomainEvent) e))) {
            domains.managedSave(test);
        }
        var saved = domains.lookup("test");
        assertEquals(DomainState.SHUTOFF, saved.state());
        assertEquals(StateReason.SAVED, saved.reason());
        assertEquals(-1, saved.id());
        assertTrue(domains.hasManagedSave(test));
        assertEquals(1, events.size());
        assertEquals(DomainEvent.Type.STOPPED, events.get(0).type());
        assertEquals("saved", events.get(0).detail());
    }

    @Test
    void startDropsTheImageAndBootsAsLibvirtsTestDriverDoes() {
        domains.managedSave(test);
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (var subscription = connection.events().subscribe(e -> events.add((DomainEvent) e))) {
            domains.start(test);
        }
        assertEquals(DomainState.RUNNING, domains.lookup("test").state());
        // testDomainStartState clears hasManagedSave and always reports "booted".
        assertEquals(StateReason.BOOTED, domains.lookup("test").reason());
        assertFalse(domains.hasManagedSave(test));
        assertEquals(DomainEvent.Type.STARTED, events.get(0).type());
    }

    @Test
    void aPausedDomainSavesTooAndRemovalClearsTheImageWithoutAnEvent() {
        domains.suspend(test);
        domains.managedSave(test);
        assertTrue(domains.hasManagedSave(test));
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (var subscription = connection.events().subscribe(e -> events.add((DomainEvent) e))) {
            domains.managedSaveRemove(test);
            domains.managedSaveRemove(test);
        }
        assertFalse(domains.hasManagedSave(test));
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void refusesInactiveAndTransientDomainsAndUndefineWhileAnImageExists() {
        domains.managedSave(test);
        assertMessage("Requested operation is not valid: domain is not running", () -> domains.managedSave(test));
        assertMessage("Requested operation is not valid: Refusing to undefine while domain managed save image exists",
                () -> domains.undefine(test));
        domains.start(test);
        domains.undefine(test);
        assertMessage("Requested operation is not valid: cannot do managed save for transient domain",
                () -> domains.managedSave(test));
    }

    @Test
    void nodeFilesMarkAnImageWithHasmanagedsave(@TempDir Path dir) throws Exception {
        Path node = dir.resolve("node.xml");
        Files.writeString(node, """
                <node>
                  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
                    <name>saved</name><memory>1024</memory><os><type>hvm</type></os>
                    <test:runstate>5</test:runstate>
                    <test:hasmanagedsave/>
                  </domain>
                </node>
                """);
        try (Connection c = DriverRegistry.discover().open("test://" + node)) {
            UUID saved = c.domains().lookup("saved").uuid();
            assertTrue(c.domains().hasManagedSave(saved));
            c.domains().start(saved);
            assertFalse(c.domains().hasManagedSave(saved));
        }
    }

    private static void assertMessage(String expected, Runnable action) {
        assertEquals(expected, assertThrows(VirtException.class, action::run).getMessage());
    }
}
