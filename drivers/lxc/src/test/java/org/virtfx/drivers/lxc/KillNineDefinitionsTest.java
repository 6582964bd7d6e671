package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.KillLanes;

/**
 * A {@code define} or {@code undefine} of ten domains killed with SIGKILL at a random point:
 * a fresh process lists exactly the domains whose definition files exist (none half written,
 * none hidden), can finish the job, and afterwards the host holds what it held before.
 */
class KillNineDefinitionsTest {
    private static final int DOMAINS = 10;
    /** The 100 tries, in CI too; -Dvirtfx.killTries changes it. */
    private static final int TRIES = Integer.getInteger("virtfx.killTries", 100);

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // three children a try, about 1 s in three lanes
    void aDefineKilledAtAnyPointLeavesEachDomainDefinedOrNotAndNothingHalfWritten() throws Exception {
        KillLanes.run("define", TRIES, LxcTestHost::open, (host, kills, tries) -> {
            LxcChildren children = new LxcChildren(host);
            String[] files = definitionFiles();
            String[] names = names();
            // A full round first, which makes what stays for good (the directories' lock files).
            long defineMillis = children.runFromGo(-1, "define", files).millis();
            assertEquals(DOMAINS, listed(children).size());
            children.run("undefine", names);
            HostCensus before = HostCensus.of(host);
            for (int attempt = 0; attempt < tries; attempt++) {
                long killAt = kills.upTo(defineMillis);
                String why = kills.describe(attempt, killAt);
                children.runFromGo(killAt, "define", files);
                finishAndCount(children, host, before, why);
            }
            System.out.println("kill -9 define: " + tries + " tries in a lane, census before and after each: "
                    + before.counts());
        });
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void anUndefineKilledAtAnyPointLeavesEachDomainDefinedOrGoneAndNothingHalfRemoved() throws Exception {
        KillLanes.run("undefine", TRIES, LxcTestHost::open, (host, kills, tries) -> {
            LxcChildren children = new LxcChildren(host);
            String[] files = definitionFiles();
            String[] names = names();
            children.run("define", files);
            long undefineMillis = children.runFromGo(-1, "undefine", names).millis();
            assertEquals(List.of(), listed(children));
            HostCensus before = HostCensus.of(host);
            for (int attempt = 0; attempt < tries; attempt++) {
                children.run("define", files);
                long killAt = kills.upTo(undefineMillis);
                String why = kills.describe(attempt, killAt);
                children.runFromGo(killAt, "undefine", names);
                finishAndCount(children, host, before, why);
            }
            System.out.println("kill -9 undefine: " + tries + " tries in a lane, census before and after each: "
                    + before.counts());
        });
    }

    /**
     * Checks that a fresh process lists exactly the stored domains after the kill, undefines
     * them, and compares the host with {@code before}.
     */
    private static void finishAndCount(LxcChildren children, LxcTestHost host, HostCensus before, String why)
            throws Exception {
        List<String> listed = listed(children);
        assertEquals(stored(host), listed, "listed domains are the stored ones, " + why);
        if (!listed.isEmpty()) {
            String undefined = children.run("undefine", listed.toArray(String[]::new));
            assertFalse(undefined.contains("error") || undefined.contains("Exception"), undefined);
        }
        assertEquals(before, HostCensus.of(host), "the host after " + why);
    }

    private static String[] names() {
        return Stream.iterate(0, i -> i + 1).limit(DOMAINS).map(i -> "kd" + i).toArray(String[]::new);
    }

    /** One definition file per domain, outside the host's directory. */
    private static String[] definitionFiles() throws Exception {
        List<String> files = new ArrayList<>();
        for (String name : names()) {
            Path file = Files.createTempFile("virtfx-define-", ".xml");
            file.toFile().deleteOnExit();
            Files.writeString(file, "<domain type='lxc'><name>" + name + "</name><uuid>" + UUID.randomUUID()
                    + "</uuid><memory unit='MiB'>64</memory><os><type>exe</type><init>/bin/sleep</init></os></domain>");
            files.add(file.toString());
        }
        return files.toArray(String[]::new);
    }

    /** The domains a fresh process lists, sorted. */
    private static List<String> listed(LxcChildren children) throws Exception {
        return children.run("list").lines().filter(l -> l.startsWith("domain ")).map(l -> l.split(" ")[1]).sorted()
                .toList();
    }

    /** The domains whose definition files exist, sorted. */
    private static List<String> stored(LxcTestHost host) throws Exception {
        try (Stream<Path> files = Files.list(host.directory.resolve("etc"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".xml") && !f.startsWith("."))
                    .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
        }
    }
}
