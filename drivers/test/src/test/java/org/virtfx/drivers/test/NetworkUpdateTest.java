package org.virtfx.drivers.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkUpdate;

/** net-update on the test driver, as libvirt's test driver applies it through virNetworkObjUpdate. */
class NetworkUpdateTest {
    private static final NetworkUpdate HOST = new NetworkUpdate(NetworkUpdate.Section.IP_DHCP_HOST,
            NetworkUpdate.Command.ADD_LAST, -1, "<host mac='52:54:00:aa:bb:cc' name='web' ip='192.168.122.10'/>");

    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final NetworkFamily networks = connection.networks();
    private final UUID network = networks.lookup("default").uuid();

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void anUpdateWithoutFlagsChangesTheRunningNetworkOnly() {
        networks.update(network, HOST, false, false);
        assertTrue(networks.xml(network, false).contains("name='web'"), networks.xml(network, false));
        assertFalse(networks.xml(network, true).contains("name='web'"), "the stored definition is untouched");
    }

    @Test
    void liveAndConfigChangeBoth() {
        networks.update(network, HOST, true, true);
        assertTrue(networks.xml(network, false).contains("name='web'"));
        assertTrue(networks.xml(network, true).contains("name='web'"));
    }

    @Test
    void aLiveUpdateOfAStoppedNetworkIsRefused() {
        networks.destroy(network);
        assertEquals("Requested operation is not valid: network is not running",
                assertThrows(VirtException.class, () -> networks.update(network, HOST, true, false)).getMessage());
        networks.update(network, HOST, false, false);
        assertTrue(networks.xml(network, true).contains("name='web'"), "without flags a stopped network's config changes");
    }
}
