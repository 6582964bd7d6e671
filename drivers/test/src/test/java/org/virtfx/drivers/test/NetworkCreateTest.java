package org.virtfx.drivers.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.NetworkEvent;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkSummary;

/** net-create on the test driver, answered as libvirt's test driver answers it (virsh 9.0 on test:///default). */
class NetworkCreateTest {
    private static final String DEFAULT_UUID = "dd8fe884-6c02-601e-7551-cca97df1c5df";

    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final NetworkFamily networks = connection.networks();

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void aCreatedNetworkRunsTransientAndIsGoneAfterDestroy() {
        List<String> events = new CopyOnWriteArrayList<>();
        connection.events().subscribe(e -> {
            if (e instanceof NetworkEvent n) {
                events.add(n.network().name() + " " + n.type());
            }
        });
        assertTrue(connection.supports(Feature.TRANSIENT_NETWORKS));

        NetworkSummary created = networks.create("<network><name>tnet</name><bridge name='vbrt'/></network>");

        assertTrue(created.active());
        assertFalse(created.persistent());
        assertEquals("vbrt", networks.lookup("tnet").bridge());
        networks.destroy(created.uuid());
        assertTrue(networks.byName("tnet").isEmpty());
        assertEquals(List.of("tnet STARTED", "tnet STOPPED"), events);
    }

    @Test
    void clashesAreRefusedInLibvirtsWords() {
        assertEquals("operation failed: network 'default' already exists with uuid " + DEFAULT_UUID,
                assertThrows(VirtException.class, () -> networks.create("<network><name>default</name></network>"))
                        .getMessage());
        assertEquals("operation failed: network 'default' is already defined with uuid " + DEFAULT_UUID,
                assertThrows(VirtException.class, () -> networks.create("<network><name>other</name><uuid>"
                        + DEFAULT_UUID + "</uuid></network>")).getMessage());
        String same = "<network><name>default</name><uuid>" + DEFAULT_UUID + "</uuid><bridge name='zz0'/></network>";
        assertEquals("Requested operation is not valid: network is already active as 'default'",
                assertThrows(VirtException.class, () -> networks.create(same)).getMessage());
        assertEquals(1, networks.list().size());
    }

    @Test
    void creatingAStoppedPersistentNetworkStartsItWithTheNewDefinitionWhichItKeeps() {
        UUID uuid = UUID.fromString(DEFAULT_UUID);
        networks.destroy(uuid);

        NetworkSummary created = networks.create("<network><name>default</name><uuid>" + DEFAULT_UUID
                + "</uuid><bridge name='zz0'/></network>");

        assertTrue(created.active() && created.persistent(), created.toString());
        assertEquals("zz0", created.bridge());
        networks.destroy(uuid);
        assertEquals("zz0", networks.lookup("default").bridge(), "as libvirt's test driver, it keeps the new definition");
    }
}
