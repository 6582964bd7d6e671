package org.virtfx.app.hostdetails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/** The create-network wizard's IPv6 section and what Connection Details shows of IPv6. */
class CreateNetworkIpv6Test {
    private static final SchemaValidator SCHEMA = new SchemaValidator();

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
    void ipv6IsOffByDefaultWithARandomUniqueLocalNetworkProposed() {
        CreateNetworkViewModel create = new CreateNetworkViewModel(Set.of(), new Random(7));

        assertFalse(create.ipv6EnabledProperty().get());
        assertTrue(create.ipv6Property().get().matches("fd00:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::/64"),
                create.ipv6Property().get());
        String network = create.ipv6Property().get().replace("::/64", "::");
        assertEquals(network + "100", create.dhcpv6StartProperty().get());
        assertEquals(network + "1ff", create.dhcpv6EndProperty().get());
        assertFalse(create.networkXml().orElseThrow().contains("ipv6"));
        assertTrue(new CreateNetworkViewModel(Set.of()).ipv6Property().get().startsWith("fd00:"));
    }

    @Test
    void enabledIpv6AddsASchemaValidIpv6IpWithItsDhcpv6Range() {
        CreateNetworkViewModel create = new CreateNetworkViewModel(Set.of());
        create.ipv6EnabledProperty().set(true);
        create.ipv6Property().set("fd00:1:2:3::/64");

        String xml = create.networkXml().orElseThrow();

        assertTrue(xml.contains("<ip family='ipv6' address='fd00:1:2:3::1' prefix='64'>\n    <dhcp>\n"
                + "      <range start='fd00:1:2:3::100' end='fd00:1:2:3::1ff'/>"), xml);
        assertTrue(xml.indexOf("family='ipv6'") > xml.indexOf("<ip address='192.168.100.1'"), "IPv4 first: " + xml);
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.NETWORK, xml));

        create.dhcpv6Property().set(false);
        String slaac = create.networkXml().orElseThrow();
        assertTrue(slaac.contains("<ip family='ipv6' address='fd00:1:2:3::1' prefix='64'/>"), slaac);
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.NETWORK, slaac));
    }

    @Test
    void badIpv6InputIsRefusedWithTheFieldNamed() {
        CreateNetworkViewModel create = new CreateNetworkViewModel(Set.of());
        create.ipv6EnabledProperty().set(true);

        for (String bad : List.of("fd00::", "192.168.1.0/24", "fd00::/130", "fd00::/127", "zz::/64")) {
            create.ipv6Property().set(bad);
            assertTrue(create.networkXml().isEmpty(), bad);
            assertTrue(create.errorProperty().get().startsWith("The IPv6 network must look like"), bad);
        }
        create.ipv6Property().set("fd00:5::/64");
        create.dhcpv6StartProperty().set("fd00:6::100");
        assertTrue(create.networkXml().isEmpty());
        assertEquals("The DHCPv6 range must lie inside fd00:5::/64, start before end", create.errorProperty().get());
        create.dhcpv6StartProperty().set("fd00:5::2:0");
        create.dhcpv6EndProperty().set("fd00:5::1:0");
        assertTrue(create.networkXml().isEmpty(), "start after end");
        create.dhcpv6StartProperty().set("fd00:5::1:0");
        create.dhcpv6EndProperty().set("fd00:5::2:0");
        assertTrue(create.networkXml().isEmpty());
        assertTrue(create.errorProperty().get().contains("at most 65536 addresses"), create.errorProperty().get());

        create.ipv6Property().set("fd00:5::/80");
        create.dhcpv6Property().set(false);
        assertTrue(create.networkXml().isEmpty());
        assertTrue(create.errorProperty().get().contains("SLAAC"), create.errorProperty().get());

        create.modeProperty().set(NetworkMode.BRIDGE);
        create.bridgeProperty().set("br0");
        assertFalse(create.networkXml().orElseThrow().contains("ipv6"), "bridge mode has no addresses of its own");
    }

    @Test
    void networkDetailsShowTheIpv6NetworkAndItsDhcpv6Range() {
        NetworkSummary summary = new NetworkSummary("six", UUID.randomUUID(), true, true, false, "virbr5");
        NetworkDetails dual = NetworkDetails.of(summary, "<network><name>six</name>"
                + "<ip address='192.168.5.1' prefix='24'/>"
                + "<ip family='ipv6' address='fd00:5::1' prefix='64'><dhcp>"
                + "<range start='fd00:5::100' end='fd00:5::1ff'/></dhcp></ip>"
                + "<ip family='ipv6' address='fd00:6::1'/></network>");
        assertEquals("192.168.5.0/24", dual.ipv4Network());
        assertEquals("Disabled", dual.dhcpRange());
        assertEquals("fd00:5::/64", dual.ipv6Network());
        assertEquals("fd00:5::100 - fd00:5::1ff", dual.dhcpv6Range());

        NetworkDetails v4only = NetworkDetails.of(summary, "<network><name>six</name>"
                + "<ip address='192.168.5.1' prefix='24'/></network>");
        assertEquals("Disabled", v4only.ipv6Network());
    }

    @Test
    void aDualStackNetworkIsCreatedThroughConnectionDetails() {
        NetworksViewModel networks = new NetworksViewModel(connection, new CurrentThreadTaskExecutor(),
                new ScriptedDialogs(), SCHEMA);
        networks.load();
        CreateNetworkViewModel create = new CreateNetworkViewModel(networks.names());
        create.nameProperty().set("dual");
        create.ipv6EnabledProperty().set(true);
        create.ipv6Property().set("fd00:42::/64");

        networks.create(create.networkXml().orElseThrow());

        NetworkSummary dual = connection.networks().byName("dual").orElseThrow();
        String xml = connection.networks().xml(dual.uuid(), true);
        assertTrue(xml.contains("<ip family='ipv6' address='fd00:42::1' prefix='64'>"), xml);
        networks.selectedProperty().set(dual);
        assertEquals("fd00:42::/64", networks.detailsProperty().get().ipv6Network());
        assertEquals("fd00:42::100 - fd00:42::1ff", networks.detailsProperty().get().dhcpv6Range());
    }
}
