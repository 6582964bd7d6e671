package org.virtfx.core.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class DomainObjectListTest {
    private static final UUID WEB = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID DB = UUID.fromString("66666666-7777-8888-9999-aaaaaaaaaaaa");
    private final DomainObjectList<String> list = new DomainObjectList<>();

    @Test
    void aUuidKeepsItsNameAndANameItsUuidWithLibvirtsMessages() {
        list.define(definition("web", WEB), d -> { });
        VirtException renamed = assertThrows(VirtException.class, () -> list.define(definition("db", WEB), d -> { }));
        assertEquals(ErrorCode.OPERATION_FAILED, renamed.code());
        assertEquals("operation failed: domain 'web' is already defined with uuid " + WEB, renamed.getMessage());
        VirtException taken = assertThrows(VirtException.class, () -> list.addTransient(definition("web", DB)));
        assertEquals("operation failed: domain 'web' already exists with uuid " + WEB, taken.getMessage());
        assertEquals(1, list.objects().size());
    }

    @Test
    void definingTheSameUuidAndNameAgainReplacesTheDefinition() {
        var first = list.define(definition("web", WEB), d -> { });
        assertTrue(first.added());
        DomainDefinition bigger = definition("web", WEB, 2048);
        var again = list.define(bigger, d -> { });
        assertFalse(again.added());
        assertSame(first.domain(), again.domain());
        assertEquals(2048, again.domain().config().memoryKiB());
    }

    @Test
    void aFailedSaveChangesNothing() {
        assertThrows(VirtException.class, () -> list.define(definition("web", WEB), d -> {
            throw VirtException.of(ErrorCode.SYSTEM_ERROR, "disk full");
        }));
        assertTrue(list.byUuid(WEB).isEmpty());
        assertTrue(list.byName("web").isEmpty());
    }

    @Test
    @Timeout(10)
    void lookupsDoNotWaitForADefinesSave() throws Exception {
        list.define(definition("web", WEB), d -> { });
        CountDownLatch saving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread slowDefine = new Thread(() -> list.define(definition("db", DB), d -> {
            saving.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        slowDefine.start();
        saving.await();
        try {
            assertTrue(list.byName("web").isPresent());
            assertEquals(1, list.summaries().size(), "the domain being saved is not there yet");
        } finally {
            release.countDown();
            slowDefine.join();
        }
        assertTrue(list.byName("db").isPresent());
    }

    @Test
    void lookupsByUuidNameAndIdFollowStartsAndStops() {
        DomainObject<String> web = list.define(definition("web", WEB), d -> { }).domain();
        assertSame(web, list.byName("web").orElseThrow());
        assertSame(web, list.byUuid(WEB).orElseThrow());
        assertTrue(list.byId(7).isEmpty());
        web.activate("process", 7, DomainState.RUNNING, StateReason.BOOTED);
        assertSame(web, list.byId(7).orElseThrow());
        list.stopped(web, StateReason.DESTROYED);
        assertTrue(list.byId(7).isEmpty(), "a stopped domain has no id");
        assertEquals(-1, web.id());
        assertEquals(null, web.runtime());
        assertSame(web, list.byName("web").orElseThrow(), "a persistent domain stays when it stops");
    }

    @Test
    void aTransientDomainLeavesWhenItStops() {
        DomainObject<String> db = list.addTransient(definition("db", DB));
        db.activate("process", 3, DomainState.RUNNING, StateReason.BOOTED);
        DomainSummary last = list.stopped(db, StateReason.SHUTDOWN);
        assertFalse(last.exists(), "its last summary says it is gone: " + last);
        assertTrue(list.byUuid(DB).isEmpty());
        assertTrue(list.byName("db").isEmpty());
        assertTrue(db.isRemoved());
    }

    @Test
    void undefiningARunningDomainKeepsItAsTransientUntilItStops() {
        DomainObject<String> web = list.define(definition("web", WEB), d -> { }).domain();
        web.setAutostart(true);
        web.activate("process", 1, DomainState.RUNNING, StateReason.BOOTED);
        List<String> deleted = new ArrayList<>();
        DomainSummary after = list.undefine(web, () -> deleted.add("web.xml"));
        assertEquals(List.of("web.xml"), deleted);
        assertFalse(after.persistent());
        assertFalse(after.autostart());
        assertTrue(after.isActive());
        assertSame(web, list.byId(1).orElseThrow());
        list.stopped(web, StateReason.DESTROYED);
        assertTrue(list.byName("web").isEmpty());
    }

    @Test
    void undefiningAnInactiveDomainRemovesIt() {
        DomainObject<String> web = list.define(definition("web", WEB), d -> { }).domain();
        assertFalse(list.undefine(web, () -> { }).exists());
        assertTrue(list.byUuid(WEB).isEmpty());
        // The name is free again, for another UUID.
        list.define(definition("web", DB), d -> { });
    }

    @Test
    void aFailedDeleteKeepsTheDefinition() {
        DomainObject<String> web = list.define(definition("web", WEB), d -> { }).domain();
        assertThrows(VirtException.class, () -> list.undefine(web, () -> {
            throw VirtException.of(ErrorCode.SYSTEM_ERROR, "read-only file system");
        }));
        assertTrue(web.isPersistent());
        assertSame(web, list.byUuid(WEB).orElseThrow());
    }

    @Test
    void autostartStartsMarkedInactiveDomainsAndOneFailureDoesNotStopTheOthers() {
        DomainObject<String> web = list.define(definition("web", WEB), d -> { }).domain();
        DomainObject<String> db = list.define(definition("db", DB), d -> { }).domain();
        DomainObject<String> idle = list.define(definition("idle", UUID.randomUUID()), d -> { }).domain();
        web.setAutostart(true);
        db.setAutostart(true);
        List<String> tried = new ArrayList<>();
        List<VirtException> failures = list.autostart(uuid -> {
            DomainObject<String> domain = list.require(uuid);
            tried.add(domain.name());
            if (domain == web) {
                throw new IllegalStateException("no bridge");
            }
            domain.activate("process", 2, DomainState.RUNNING, StateReason.BOOTED);
        });
        assertEquals(List.of("web", "db"), tried);
        assertEquals(1, failures.size());
        assertEquals("Failed to autostart VM 'web': no bridge", failures.get(0).getMessage());
        assertEquals(ErrorCode.INTERNAL_ERROR, failures.get(0).code());
        assertTrue(db.isActive());
        assertFalse(idle.isActive());
        assertEquals(List.of(), list.autostart(uuid -> tried.add(list.require(uuid).name() + " again")));
        assertEquals(List.of("web", "db", "web again"), tried, "the running one is not started again");
    }

    @Test
    void anUnknownUuidIsLibvirtsNoDomainError() {
        VirtException missing = assertThrows(VirtException.class, () -> list.require(DB));
        assertEquals(ErrorCode.NO_DOMAIN, missing.code());
        assertEquals("Domain not found: no domain with matching uuid '" + DB + "'", missing.getMessage());
    }

    static DomainDefinition definition(String name, UUID uuid) {
        return definition(name, uuid, 1024);
    }

    static DomainDefinition definition(String name, UUID uuid, long memoryKiB) {
        return new DomainDefinition("test", name, uuid, "", "", memoryKiB, memoryKiB, 1, 1, "hvm",
                "<domain type='test'><name>" + name + "</name></domain>");
    }
}
