package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.KillLanes;

/**
 * A {@code net-start}, {@code net-destroy} or {@code net-create} of three DHCP networks (bridge,
 * addresses, nftables table, dnsmasq each) killed with SIGKILL at a random point: a fresh process
 * lists each network either active, with all of it there, or inactive (a created one: not at
 * all), with none of it left (it finishes what the killed process's record says was cut short),
 * can destroy the active ones, and afterwards no bridge, dnsmasq, table or file of them is left.
 */
class KillNineNetworksTest {
    private static final int NETWORKS = 3;
    /** The 100 tries, in CI too; -Dvirtfx.killTries changes it. */
    private static final int TRIES = Integer.getInteger("virtfx.killTries", 100);

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aNetStartKilledAtAnyPointLeavesEachNetworkRunningOrGone() throws Exception {
        KillLanes.run("net-start", TRIES, LxcTestHost::open, (host, kills, tries) -> {
            LxcChildren children = new LxcChildren(host);
            try {
                children.run("net-define", definitionFiles());
                // A full round first, which makes what stays for good (lock files) and times a start.
                long startMillis = children.runFromGo(-1, "net-start", names()).millis();
                assertEquals(List.of("active", "active", "active"), List.copyOf(states(children).values()));
                children.run("net-destroy", names());
                HostCensus before = HostCensus.of(host);
                for (int attempt = 0; attempt < tries; attempt++) {
                    long killAt = kills.upTo(startMillis);
                    children.runFromGo(killAt, "net-start", names());
                    finishAndCount(children, host, before, kills.describe(attempt, killAt), true);
                }
                System.out.println("kill -9 net-start: " + tries + " tries in a lane, census before and after each: "
                        + before.counts());
            } finally {
                destroyActive(children, states(children));
            }
        });
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aNetDestroyKilledAtAnyPointLeavesEachNetworkRunningOrGone() throws Exception {
        KillLanes.run("net-destroy", TRIES, LxcTestHost::open, (host, kills, tries) -> {
            LxcChildren children = new LxcChildren(host);
            try {
                children.run("net-define", definitionFiles());
                children.run("net-start", names());
                long destroyMillis = children.runFromGo(-1, "net-destroy", names()).millis();
                HostCensus before = HostCensus.of(host);
                for (int attempt = 0; attempt < tries; attempt++) {
                    children.run("net-start", names());
                    long killAt = kills.upTo(destroyMillis);
                    children.runFromGo(killAt, "net-destroy", names());
                    finishAndCount(children, host, before, kills.describe(attempt, killAt), true);
                }
                System.out.println("kill -9 net-destroy: " + tries + " tries in a lane, census before and after "
                        + "each: " + before.counts());
            } finally {
                destroyActive(children, states(children));
            }
        });
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aNetCreateKilledAtAnyPointLeavesEachNetworkRunningOrGone() throws Exception {
        KillLanes.run("net-create", TRIES, LxcTestHost::open, (host, kills, tries) -> {
            LxcChildren children = new LxcChildren(host);
            try {
                String[] files = definitionFiles();
                long createMillis = children.runFromGo(-1, "net-create", files).millis();
                assertEquals(Map.of("kn0", "active", "kn1", "active", "kn2", "active"), states(children));
                children.run("net-destroy", names());
                assertEquals(Map.of(), states(children), "a created network is gone once stopped");
                HostCensus before = HostCensus.of(host);
                for (int attempt = 0; attempt < tries; attempt++) {
                    long killAt = kills.upTo(createMillis);
                    children.runFromGo(killAt, "net-create", files);
                    finishAndCount(children, host, before, kills.describe(attempt, killAt), false);
                }
                System.out.println("kill -9 net-create: " + tries + " tries in a lane, census before and after "
                        + "each: " + before.counts());
            } finally {
                destroyActive(children, states(children));
            }
        });
    }

    /**
     * Checks what a fresh process lists after the kill, and what is on the host once it has
     * looked: an active network complete (bridge, firewall table, dnsmasq, its record and
     * dnsmasq's configuration), an inactive or unlisted one without any of it. Then destroys
     * the networks listed active and compares the host with {@code before}.
     *
     * @param persistent whether every network is defined, so listed; else each is transient,
     *                   listed only while it runs
     */
    private static void finishAndCount(LxcChildren children, LxcTestHost host, HostCensus before, String why,
                                       boolean persistent) throws Exception {
        Map<String, String> states = states(children);
        if (persistent) {
            assertEquals(List.of(names()), List.copyOf(states.keySet()), "every network is listed, " + why);
        } else {
            assertEquals(List.of(), states.values().stream().filter(s -> !s.equals("active")).toList(),
                    "a transient network is listed only while it runs, " + why);
        }
        HostCensus looked = HostCensus.of(host);
        for (String name : names()) {
            String state = states.getOrDefault(name, "unlisted");
            boolean active = state.equals("active");
            String where = name + " " + state + " after " + why + ": " + looked.differenceFrom(before);
            assertEquals(active, looked.devices().contains(bridge(name)), "its bridge, " + where);
            assertEquals(active, looked.tables().contains("table inet virtfx_" + bridge(name)),
                    "its firewall table, " + where);
            assertEquals(active, looked.processes().stream().anyMatch(p -> p.contains("/" + name + ".conf")),
                    "its dnsmasq, " + where);
            List<String> files = looked.files().stream().filter(f -> f.startsWith("run/networks/" + name + "."))
                    .toList();
            assertEquals(active ? List.of("run/networks/" + name + ".conf", "run/networks/" + name + ".state")
                    : List.of(), files.stream().filter(f -> !f.endsWith(".pid") && !f.endsWith(".leases")).toList(),
                    "its record and dnsmasq's configuration, " + where);
            if (!active) {
                assertEquals(List.of(), files, "no pid file or leases, " + where);
            }
        }
        // The same fresh process's view: nothing acts on the networks between the listing and here.
        String destroyed = destroyActive(children, states);
        assertFalse(destroyed.contains("error") || destroyed.contains("Exception"), destroyed + why);
        assertEquals(before, HostCensus.awaitEqual(host, before, 5), "the host after " + why);
    }

    /** Destroys every network of {@code states}, as a fresh process listed them, that is active; returns what it said. */
    private static String destroyActive(LxcChildren children, Map<String, String> states) throws Exception {
        String[] active = states.entrySet().stream().filter(e -> e.getValue().equals("active"))
                .map(Map.Entry::getKey).toArray(String[]::new);
        return active.length == 0 ? "" : children.run("net-destroy", active);
    }

    /** This test's networks as a fresh process lists them, by name in order. */
    private static Map<String, String> states(LxcChildren children) throws Exception {
        Map<String, String> states = new LinkedHashMap<>();
        children.run("net-list").lines().filter(l -> l.startsWith("network kn")).map(l -> l.split(" "))
                .sorted((a, b) -> a[1].compareTo(b[1])).forEach(f -> states.put(f[1], f[2]));
        return states;
    }

    private static String[] names() {
        String[] names = new String[NETWORKS];
        for (int i = 0; i < NETWORKS; i++) {
            names[i] = "kn" + i;
        }
        return names;
    }

    private static String bridge(String name) {
        return "vfx" + name;
    }

    /**
     * One isolated network per name with an address, a DHCP range and so dnsmasq and a firewall
     * table; addresses from TEST-NET ranges, inside the test's own namespace only. Each name has
     * one UUID, so that creates again and again use one lock file, as starts of a defined network do.
     */
    private static String[] definitionFiles() throws Exception {
        List<String> files = new ArrayList<>();
        String[] names = names();
        for (int i = 0; i < names.length; i++) {
            Path file = Files.createTempFile("virtfx-net-", ".xml");
            file.toFile().deleteOnExit();
            UUID uuid = UUID.nameUUIDFromBytes(names[i].getBytes(StandardCharsets.UTF_8));
            Files.writeString(file, "<network><name>" + names[i] + "</name><uuid>" + uuid + "</uuid><bridge name='"
                    + bridge(names[i])
                    + "'/><ip address='198.51.100." + (1 + 64 * i) + "' netmask='255.255.255.192'><dhcp><range start='198.51.100."
                    + (10 + 64 * i) + "' end='198.51.100." + (20 + 64 * i) + "'/></dhcp></ip></network>");
            files.add(file.toString());
        }
        return files.toArray(String[]::new);
    }
}
