package org.virtfx.plumbing.virtnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.NetworkEvent;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetlinkDevices;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.netdev.TestNamespace;

/**
 * {@code net-create}: transient networks made from a definition, against real bridges inside a
 * namespace of the test's own, with libvirt's uniqueness rules across processes.
 */
class TransientNetworksTest {
    private static final String UUID_P = "44444444-5555-6666-7777-888888888888";
    private static final String UUID_T = "55555555-6666-7777-8888-999999999999";

    @TempDir
    Path config;
    @TempDir
    Path state;
    private final EventBus events = new EventBus();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private TestNamespace host;
    private NetDevices devices;

    @BeforeEach
    void openNamespace() {
        RootTests.requireRoot();
        events.subscribe(event -> {
            NetworkEvent e = (NetworkEvent) event;
            published.add(e.network().name() + " " + e.type());
        });
        host = TestNamespace.create();
        devices = NetlinkDevices.open(host.namespace());
    }

    @AfterEach
    void removeNamespace() {
        try {
            if (devices != null) {
                devices.close();
            }
        } finally {
            if (host != null) {
                host.close();
            }
        }
    }

    @Test
    void aCreatedNetworkRunsAtOnceAndIsGoneAfterDestroy() throws Exception {
        VirtualNetworks driver = new VirtualNetworks(config, state, devices, events);
        NetworkSummary created = driver.create("<network><name>tr</name><uuid>" + UUID_T + "</uuid></network>");

        assertTrue(created.active());
        assertFalse(created.persistent());
        assertEquals("virbr0", created.bridge(), "a bridge chosen as a define chooses it");
        assertEquals("bridge", devices.find("virbr0").orElseThrow().kind());
        assertTrue(Files.exists(state.resolve("tr.state")), "recorded as a start is");
        try (var stored = Files.list(config)) {
            assertEquals(List.of(), stored.filter(f -> f.toString().endsWith(".xml")).toList(), "nothing stored");
        }
        VirtException autostart = assertThrows(VirtException.class, () -> driver.setAutostart(created.uuid(), true));
        assertEquals(ErrorCode.OPERATION_INVALID, autostart.code());

        driver.destroy(created.uuid());
        assertTrue(driver.byName("tr").isEmpty());
        assertTrue(devices.find("virbr0").isEmpty());
        assertFalse(Files.exists(state.resolve("tr.state")));
        assertEquals(List.of("tr STARTED", "tr STOPPED"), published);
    }

    @Test
    void anotherProcessListsACreatedNetworkAndMayDestroyIt() {
        VirtualNetworks creator = new VirtualNetworks(config, state, devices, events);
        VirtualNetworks other = new VirtualNetworks(config, state, devices, events);
        other.list();
        NetworkSummary created = creator.create("<network><name>shared</name><bridge name='vfxsh'/></network>");

        NetworkSummary seen = other.lookup("shared");
        assertTrue(seen.active() && !seen.persistent(), seen.toString());
        other.destroy(created.uuid());
        assertTrue(creator.byName("shared").isEmpty(), "the creator sees it gone");
        assertTrue(devices.find("vfxsh").isEmpty());
    }

    /** libvirt's words for each clash, with networks of this process and of another. */
    @Test
    void clashesWithPersistentAndOtherProcessesTransientNetworksAreRefusedAsLibvirtRefusesThem() {
        VirtualNetworks other = new VirtualNetworks(config, state, devices, events);
        VirtualNetworks here = new VirtualNetworks(config, state, devices, events);
        here.list();
        other.define("<network><name>p</name><uuid>" + UUID_P + "</uuid></network>");
        other.create("<network><name>t</name><uuid>" + UUID_T + "</uuid></network>");

        for (String[] clash : List.of(
                new String[] {"p", "99999999-5555-6666-7777-888888888888", "network 'p' already exists with uuid " + UUID_P},
                new String[] {"q", UUID_P, "network 'p' is already defined with uuid " + UUID_P},
                new String[] {"t", "99999999-6666-7777-8888-999999999999", "network 't' already exists with uuid " + UUID_T},
                new String[] {"u", UUID_T, "network 't' is already defined with uuid " + UUID_T})) {
            VirtException e = assertThrows(VirtException.class, () -> here.create("<network><name>" + clash[0]
                    + "</name><uuid>" + clash[1] + "</uuid></network>"));
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
            assertEquals("operation failed: " + clash[2], e.getMessage());
        }
        VirtException noUuid = assertThrows(VirtException.class, () -> here.create("<network><name>p</name></network>"));
        assertTrue(noUuid.getMessage().startsWith("operation failed: network 'p' already exists with uuid "),
                "as in libvirt, a definition without a UUID gets a new one: " + noUuid.getMessage());
        VirtException running = assertThrows(VirtException.class, () -> here.create("<network><name>t</name><uuid>"
                + UUID_T + "</uuid></network>"));
        assertEquals("Requested operation is not valid: network is already active as 't'", running.getMessage());
        assertEquals(2, here.list().size(), "nothing was made: " + here.list());
        other.destroy(here.lookup("t").uuid());
    }

    /**
     * As libvirt: creating a network with the name and UUID of an inactive persistent one starts
     * that network with the new definition; its stored definition stays, and it runs with it
     * again after a stop.
     */
    @Test
    void creatingAnInactivePersistentNetworkStartsItWithTheNewDefinition() {
        VirtualNetworks driver = new VirtualNetworks(config, state, devices, events);
        driver.define("<network><name>p</name><uuid>" + UUID_P + "</uuid><bridge name='vfxold'/></network>");

        NetworkSummary created = driver.create("<network><name>p</name><uuid>" + UUID_P
                + "</uuid><bridge name='vfxnew'/></network>");

        assertTrue(created.active() && created.persistent(), created.toString());
        assertTrue(devices.find("vfxnew").isPresent());
        assertTrue(devices.find("vfxold").isEmpty());
        assertTrue(driver.xml(created.uuid(), true).contains("vfxold"), "the stored definition stays");
        driver.destroy(created.uuid());
        assertTrue(devices.find("vfxnew").isEmpty());
        assertEquals("vfxold", driver.lookup("p").bridge());
        driver.start(created.uuid());
        assertTrue(devices.find("vfxold").isPresent());
        driver.destroy(created.uuid());
    }

    @Test
    void aDefinitionTheDriverCannotStartLeavesNothing() {
        VirtualNetworks driver = new VirtualNetworks(config, state, devices, events);
        VirtException e = assertThrows(VirtException.class, () -> driver.create(
                "<network><name>bad</name><forward mode='route'/></network>"));
        assertEquals("unsupported configuration: a network in route mode needs an <ip> address", e.getMessage());
        assertTrue(driver.list().isEmpty());
        assertFalse(Files.exists(state.resolve("bad.state")));
        VirtException name = assertThrows(VirtException.class, () -> driver.create(
                "<network><name>a/b</name></network>"));
        assertEquals(ErrorCode.XML_ERROR, name.code());
    }
}
