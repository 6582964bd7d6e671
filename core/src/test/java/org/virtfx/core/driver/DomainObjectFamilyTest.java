package org.virtfx.core.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.VirtException;

class DomainObjectFamilyTest {
    private final DomainObjectList<String> list = new DomainObjectList<>();
    private final DomainObjectFamily family = new DomainObjectFamily() {
        @Override
        public String driverName() {
            return "fake";
        }

        @Override
        public DomainObjectList<String> objects() {
            return list;
        }
    };

    @Test
    void virshStyleLookupsAnswerFromTheListsIndexes() {
        UUID uuid = UUID.randomUUID();
        DomainObject<String> web = list.define(DomainObjectListTest.definition("web", uuid), d -> { }).domain();
        web.activate("process", 42, DomainState.RUNNING, StateReason.BOOTED);
        assertEquals("web", family.lookup("42").name());
        assertEquals("web", family.lookup(uuid.toString()).name());
        assertEquals(42, family.lookup("web").id());
        assertEquals(1, family.list().size());
        list.stopped(web, StateReason.SHUTDOWN);
        assertTrue(family.byId(42).isEmpty());
        assertEquals("Domain not found: no domain with matching name '42'",
                assertThrows(VirtException.class, () -> family.lookup("42")).getMessage());
    }
}
