package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * Several VirtFX processes defining the same networks at once, as the GUI and command lines
 * may: libvirt's uniqueness rules hold across them (a name has one UUID, a UUID one name, a
 * bridge one network), and no definition is lost or hidden.
 */
class CrossProcessNetworksTest {
    private static final int ROUNDS = 5;
    private static final int NETWORKS = 20;

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    void twoProcessesDefiningOneUuidUnderTwoNamesNeverBothSucceed() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            for (int round = 0; round < ROUNDS; round++) {
                UUID uuid = UUID.randomUUID();
                List<String> outputs = children.race("net-define",
                        xml("a" + round, "<uuid>" + uuid + "</uuid>"), xml("b" + round, "<uuid>" + uuid + "</uuid>"));
                assertEquals(1, outputs.stream().filter(o -> o.startsWith("defined ")).count(), outputs.toString());
                assertTrue(outputs.stream().anyMatch(o -> o.contains("is already defined with uuid " + uuid)),
                        outputs.toString());
            }
            assertEquals(ROUNDS, listed(children).size() - 1, "the test host's own network and one a round");
        }
    }

    @Test
    void twoProcessesDefiningOneNameUnderTwoUuidsNeverBothSucceed() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            for (int round = 0; round < ROUNDS; round++) {
                List<String> outputs = children.race("net-define",
                        xml("same" + round, "<uuid>" + UUID.randomUUID() + "</uuid>"),
                        xml("same" + round, "<uuid>" + UUID.randomUUID() + "</uuid>"));
                assertEquals(1, outputs.stream().filter(o -> o.startsWith("defined ")).count(), outputs.toString());
                String refusal = "network 'same" + round + "' already exists with uuid";
                assertTrue(outputs.stream().anyMatch(o -> o.contains(refusal)), outputs.toString());
            }
        }
    }

    /**
     * A network that one process started and then undefined runs on its record alone. Processes
     * that opened before it existed still find its name and its UUID taken when they define,
     * with libvirt's words, until it stops.
     */
    @Test
    void definesCheckATransientNetworkStartedByAnotherProcessAfterTheyOpened() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            UUID uuid = UUID.randomUUID();
            Path go = Files.createTempFile("virtfx-go-", "");
            Files.delete(go);
            try {
                Process sameName = children.spawnReady(go, "net-define",
                        xml("tr", "<uuid>" + UUID.randomUUID() + "</uuid>"));
                Process sameUuid = children.spawnReady(go, "net-define", xml("other", "<uuid>" + uuid + "</uuid>"));
                children.run("net-define", xml("tr", "<uuid>" + uuid + "</uuid>"));
                children.run("net-start", "tr");
                assertEquals("undefined tr", children.run("net-undefine", "tr").strip());
                Files.createFile(go);
                assertEquals("error operation failed: network 'tr' already exists with uuid " + uuid,
                        children.output(sameName).strip());
                assertEquals("error operation failed: network 'tr' is already defined with uuid " + uuid,
                        children.output(sameUuid).strip());
            } finally {
                Files.deleteIfExists(go);
            }
            assertEquals("active", listed(children).get("tr")[2], "the transient network still runs");
            children.run("net-destroy", "tr");
            assertTrue(children.run("net-define", xml("other", "<uuid>" + uuid + "</uuid>")).startsWith("defined other"),
                    "once it stopped, its uuid is free");
        }
    }

    /**
     * A process that listed a network running, after another process destroyed and undefined
     * it: its view is no reason to refuse. It defines the network again under a new UUID and
     * starts it, and the other process sees that.
     */
    @Test
    void aProcessThatSawANetworkRunningDefinesAndStartsItAgainAfterAnotherRemovedIt() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            NetworkFamily here = host.connection.networks();
            String first = "<network><name>back</name><uuid>" + UUID.randomUUID()
                    + "</uuid><bridge name='vfxback'/></network>";
            here.start(here.define(first).uuid());
            assertTrue(here.lookup("back").active());

            assertEquals("destroyed back", children.run("net-destroy", "back").strip());
            assertEquals("undefined back", children.run("net-undefine", "back").strip());

            assertTrue(here.byName("back").isEmpty(), "this process lists it gone");
            UUID again = UUID.randomUUID();
            here.start(here.define("<network><name>back</name><uuid>" + again
                    + "</uuid><bridge name='vfxback'/></network>").uuid());
            assertEquals(List.of("active", again.toString()), List.of(listed(children).get("back")[2],
                    listed(children).get("back")[3]));
            assertEquals("destroyed back", children.run("net-destroy", "back").strip());
            assertFalse(here.lookup("back").active(), "this process sees the other's destroy");
        }
    }

    /**
     * A transient network another process created: this process lists it, refuses its name
     * and UUID to a define or a create with libvirt's words, and it is gone for everyone once
     * stopped.
     */
    @Test
    void aNetworkAnotherProcessCreatedIsListedAndTakesItsNameUntilItStops() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            NetworkFamily here = host.connection.networks();
            here.list();
            UUID uuid = UUID.randomUUID();
            assertTrue(children.run("net-create", xml("made", "<uuid>" + uuid + "</uuid><bridge name='vfxmade'/>"))
                    .startsWith("created made " + uuid + " vfxmade"));

            NetworkSummary seen = here.lookup("made");
            assertTrue(seen.active() && !seen.persistent(), seen.toString());
            VirtException define = assertThrows(VirtException.class, () -> here.define(
                    "<network><name>made</name><uuid>" + UUID.randomUUID() + "</uuid></network>"));
            assertEquals("operation failed: network 'made' already exists with uuid " + uuid, define.getMessage());
            String create = children.run("net-create", xml("other", "<uuid>" + uuid + "</uuid>")).strip();
            assertEquals("error operation failed: network 'made' is already defined with uuid " + uuid, create);
            String again = children.run("net-create", xml("made", "<uuid>" + uuid + "</uuid>")).strip();
            assertEquals("error Requested operation is not valid: network is already active as 'made'", again);

            here.destroy(uuid);
            assertFalse(listed(children).containsKey("made"), "gone for a fresh process");
            assertTrue(host.devices.find("vfxmade").isEmpty(), "its bridge is gone");
        }
    }

    /**
     * Four processes define the same twenty isolated networks, each without a UUID or bridge,
     * in their own orders: every name keeps the one UUID that its first define gave it, every
     * network gets a bridge of its own, and a fresh process lists exactly the stored files.
     */
    @Test
    void fourProcessesDefiningTheSameNetworksAgreeOnUuidsAndBridgesAndLoseNothing() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            List<String> files = new ArrayList<>();
            for (int i = 0; i < NETWORKS; i++) {
                files.add(xml("cp" + i, ""));
            }
            List<String[]> orders = new ArrayList<>();
            for (int child = 0; child < 4; child++) {
                List<String> order = new ArrayList<>(files);
                Collections.shuffle(order);
                orders.add(order.toArray(String[]::new));
            }
            List<String> outputs = children.race("net-define", orders);
            String all = String.join("\n----\n", outputs);
            Map<String, Set<String>> uuidsByName = new HashMap<>();
            for (String output : outputs) {
                assertEquals(NETWORKS, output.lines().filter(l -> l.startsWith("defined ")).count(), all);
                output.lines().map(l -> l.split(" ")).forEach(f -> uuidsByName
                        .computeIfAbsent(f[1], n -> new TreeSet<>()).add(f[2]));
            }
            assertTrue(uuidsByName.values().stream().allMatch(u -> u.size() == 1), "one UUID a name: " + all);

            Map<String, String[]> listed = listed(children);
            listed.remove(LxcTestHost.NETWORK);
            assertEquals(uuidsByName.keySet(), listed.keySet(), "every name listed once");
            for (Map.Entry<String, String[]> network : listed.entrySet()) {
                assertEquals(uuidsByName.get(network.getKey()).iterator().next(), network.getValue()[3],
                        "the stored UUID of " + network.getKey() + " is the one every process was told");
            }
            assertEquals(NETWORKS, listed.values().stream().map(f -> f[4]).distinct().count(),
                    "a bridge of its own for every network: " + all);
            List<String> stored;
            try (var names = Files.list(host.directory.resolve("etc").resolve("networks"))) {
                stored = names.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("cp"))
                        .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
            }
            assertEquals(new TreeSet<>(listed.keySet()), new TreeSet<>(stored), "no hidden definition");
            System.out.println("4 processes defined the same " + NETWORKS + " networks: " + stored.size()
                    + " stored, one UUID and one bridge each");
        }
    }

    /** The networks a fresh process lists, by name: each line's fields (name at 1, UUID at 3, bridge at 4). */
    private static Map<String, String[]> listed(LxcChildren children) throws Exception {
        Map<String, String[]> listed = new HashMap<>();
        for (String line : children.run("net-list").lines().filter(l -> l.startsWith("network ")).toList()) {
            String[] fields = line.split(" ");
            assertTrue(listed.put(fields[1], fields) == null, "listed twice: " + fields[1]);
        }
        return listed;
    }

    /** An isolated network's definition in a file of its own; {@code extra} goes after the name. */
    private static String xml(String name, String extra) throws Exception {
        Path file = Files.createTempFile("virtfx-net-define-", ".xml");
        file.toFile().deleteOnExit();
        Files.writeString(file, "<network><name>" + name + "</name>" + extra + "</network>");
        return file.toString();
    }
}
