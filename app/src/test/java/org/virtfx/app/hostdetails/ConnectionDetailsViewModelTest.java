package org.virtfx.app.hostdetails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.host.HostSummaryViewModel;
import org.virtfx.app.testing.ForwardingConnection;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/** Connection Details' tabs on test:///default, tasks run on the calling thread. */
class ConnectionDetailsViewModelTest {
    private static final SchemaValidator SCHEMA = new SchemaValidator();

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final CurrentThreadTaskExecutor tasks = new CurrentThreadTaskExecutor();
    private Connection connection;

    @BeforeEach
    void open() {
        connection = DriverRegistry.discover().open("test:///default");
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void defaultNetworkShowsItsIpv4AndDhcp() {
        NetworksViewModel networks = new NetworksViewModel(connection, tasks, dialogs, SCHEMA);
        networks.load();
        NetworkDetails details = networks.detailsProperty().get();
        assertEquals("default", details.summary().name());
        assertEquals("192.168.122.0/24", details.ipv4Network());
        assertEquals("192.168.122.2 - 192.168.122.254", details.dhcpRange());
        assertEquals("NAT", details.forwarding());
    }

    @Test
    void isolatedNetworkIsCreatedAndStarted() {
        NetworksViewModel networks = new NetworksViewModel(connection, tasks, dialogs, SCHEMA);
        networks.load();
        CreateNetworkViewModel create = new CreateNetworkViewModel(networks.names());
        create.nameProperty().set("lab");
        create.modeProperty().set(NetworkMode.ISOLATED);
        create.ipv4Property().set("10.10.0.0/16");
        assertEquals("10.10.0.2", create.dhcpStartProperty().get());
        assertEquals("10.10.255.254", create.dhcpEndProperty().get());
        networks.create(create.networkXml().orElseThrow());
        assertEquals(List.of(), dialogs.errors);
        NetworkSummary lab = connection.networks().byName("lab").orElseThrow();
        assertTrue(lab.active());
        String xml = connection.networks().xml(lab.uuid(), true);
        assertFalse(xml.contains("<forward"), xml);
        assertTrue(xml.contains("<ip address='10.10.0.1' netmask='255.255.0.0'>"), xml);
        assertTrue(xml.contains("<range start='10.10.0.2' end='10.10.255.254'/>"), xml);
        assertTrue(networks.networks().stream().anyMatch(n -> n.name().equals("lab")));
    }

    @Test
    void createNetworkRefusesBadInput() {
        CreateNetworkViewModel create = new CreateNetworkViewModel(Set.of("default"));
        assertEquals("network", create.nameProperty().get());
        create.nameProperty().set("default");
        assertTrue(create.networkXml().isEmpty());
        assertEquals("A network named 'default' already exists", create.errorProperty().get());
        create.nameProperty().set("n2");
        create.ipv4Property().set("10.0.0.0/33");
        assertTrue(create.networkXml().isEmpty());
        assertTrue(create.errorProperty().get().startsWith("The IPv4 network"));
        create.ipv4Property().set("10.0.0.0/24");
        create.dhcpStartProperty().set("10.0.1.5");
        assertTrue(create.networkXml().isEmpty());
        assertTrue(create.errorProperty().get().startsWith("The DHCP range"));
        create.modeProperty().set(NetworkMode.BRIDGE);
        assertTrue(create.networkXml().isEmpty());
        create.bridgeProperty().set("br0");
        assertEquals("<network>\n  <name>n2</name>\n  <forward mode='bridge'/>\n  <bridge name='br0'/>\n</network>\n",
                create.networkXml().orElseThrow());
    }

    @Test
    void routedAndNatNetworksAreSchemaValid() {
        for (NetworkMode mode : NetworkMode.values()) {
            CreateNetworkViewModel create = new CreateNetworkViewModel(Set.of());
            create.modeProperty().set(mode);
            create.bridgeProperty().set("br0");
            assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.NETWORK, create.networkXml().orElseThrow()),
                    mode.toString());
        }
    }

    @Test
    void networkStopStartAutostartAndDelete() {
        NetworksViewModel networks = new NetworksViewModel(connection, tasks, dialogs, SCHEMA);
        networks.load();
        networks.stop();
        assertFalse(networks.selectedProperty().get().active());
        networks.setAutostart(true);
        assertTrue(connection.networks().byName("default").orElseThrow().autostart());
        networks.start();
        assertTrue(networks.selectedProperty().get().active());
        networks.delete();
        assertTrue(dialogs.asked.get(0).explanation().contains("stopped first"));
        assertTrue(connection.networks().byName("default").isEmpty());
        assertNull(networks.selectedProperty().get());
    }

    @Test
    void storageListsPoolsAndVolumesAndCreatesBoth() {
        StorageViewModel storage = new StorageViewModel(connection, tasks, dialogs, SCHEMA);
        storage.load();
        assertEquals("default-pool", storage.selectedProperty().get().name());
        assertEquals("/default-pool", storage.locationProperty().get());
        int before = storage.volumes().size();
        assertEquals("A pool named 'default-pool' already exists", storage.checkDirPool("default-pool", "/x"));
        assertEquals(null, storage.checkVolume("data", 2));
        storage.createVolume("data", "qcow2", 2);
        assertEquals(List.of(), dialogs.errors);
        assertEquals(before + 1, storage.volumes().size());
        assertTrue(storage.volumes().stream().anyMatch(v -> v.name().equals("data.qcow2") && v.capacity() == 2L << 30));
        storage.deleteVolume(storage.volumes().stream().filter(v -> v.name().equals("data.qcow2")).findFirst().get());
        assertEquals(before, storage.volumes().size());

        assertTrue(storage.checkDirPool("p2", "relative").contains("absolute"));
        storage.createDirPool("p2", "/srv/p2");
        assertEquals(List.of(), dialogs.errors);
        var p2 = connection.storage().lookupPool("p2");
        assertTrue(p2.active() && p2.autostart());
        assertEquals(2, storage.pools().size());
    }

    @Test
    void aPoolsInUseIsWhatItsVolumesAllocate() {
        StorageViewModel storage = new StorageViewModel(connection, tasks, dialogs, SCHEMA);
        storage.load();
        storage.createVolume("a", "qcow2", 40);
        storage.createVolume("b", "raw", 5);
        assertEquals(List.of(), dialogs.errors);
        PoolSummary pool = storage.selectedProperty().get();
        long volumes = storage.volumes().stream().mapToLong(VolumeSummary::allocation).sum();
        assertEquals(pool.allocation(), volumes);
        assertTrue(volumes >= 45L << 30, "volumes without <allocation> allocate their capacity, as in libvirt");
        assertTrue(StorageViewModel.size(pool).endsWith(String.format("%.2f GiB In Use", volumes / (double) (1L << 30))),
                StorageViewModel.size(pool));
    }

    @Test
    void deletePoolAsksStopsAndUndefines() {
        StorageViewModel storage = new StorageViewModel(connection, tasks, dialogs, SCHEMA);
        storage.load();
        storage.createDirPool("p2", "/srv/p2");
        storage.selectedProperty().set(storage.pools().stream().filter(p -> p.name().equals("p2")).findFirst().get());
        dialogs.answers.add(new ConfirmAnswer(false, false));
        storage.deletePool();
        assertEquals(2, storage.pools().size(), "No keeps the pool");
        storage.deletePool();
        assertEquals("Are you sure you want to permanently delete the pool p2?", dialogs.asked.get(1).question());
        assertEquals("The pool is active: it will be stopped first.", dialogs.asked.get(1).explanation());
        assertEquals(List.of(), dialogs.errors);
        assertEquals(List.of("default-pool"), storage.pools().stream().map(PoolSummary::name).toList());
    }

    @Test
    void hostOverviewGraphsUsage() {
        HostOverviewViewModel overview = new HostOverviewViewModel(connection, tasks,
                new HostSummaryViewModel(connection, tasks, dialogs));
        overview.load();
        assertTrue(overview.facts().stream().anyMatch(f -> f.label().equals("Libvirt URI:")
                && f.value().equals("test:///default")));
        overview.add(new HostUsage(0, 1024 * 1024, 3 * 1024 * 1024, 1_000_000_000L), 4);
        overview.add(new HostUsage(2_000_000_000L, 1024 * 1024, 3 * 1024 * 1024, 2_000_000_000L), 4);
        assertEquals(50.0, overview.cpuPercent().get(overview.cpuPercent().size() - 1), 0.001);
        assertEquals("1024 MiB of 3072 MiB", overview.memoryTextProperty().get());
    }

    @Test
    void overviewListsTheFilesTheDriverSkippedAtLoad() {
        String skipped = "skipped /etc/virtfx/lxc/web.xml: file is larger than 16 MB";
        Connection withWarnings = new ForwardingConnection(connection) {
            @Override
            public List<String> loadWarnings() {
                return List.of(skipped);
            }
        };
        HostOverviewViewModel overview = new HostOverviewViewModel(withWarnings, tasks,
                new HostSummaryViewModel(withWarnings, tasks, dialogs));
        assertTrue(overview.loadWarnings().isEmpty());
        overview.load();
        assertEquals(List.of(skipped), overview.loadWarnings());
        HostOverviewViewModel clean = new HostOverviewViewModel(connection, tasks,
                new HostSummaryViewModel(connection, tasks, dialogs));
        clean.load();
        assertTrue(clean.loadWarnings().isEmpty(), "the test driver skipped nothing");
    }

    @Test
    void overviewShowsTheNameAndSavesAutoconnectWithTheConnection() {
        List<Boolean> saved = new java.util.ArrayList<>();
        HostOverviewViewModel overview = new HostOverviewViewModel(connection, tasks,
                new HostSummaryViewModel(connection, tasks, dialogs),
                new RememberedConnection("test default", true, saved::add));
        assertEquals("test default", overview.name());
        assertTrue(overview.autoconnectProperty().get());
        overview.autoconnectProperty().set(false);
        assertEquals(List.of(false), saved);
    }
}
