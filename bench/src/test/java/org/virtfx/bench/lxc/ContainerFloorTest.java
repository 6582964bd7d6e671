package org.virtfx.bench.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.plumbing.netdev.RootTests;

/** The scale bench's whole-container floor, on a few containers under a cgroup parent of the test's own. */
class ContainerFloorTest {
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    @TempDir
    Path dir;

    private final List<Path> parents = new ArrayList<>();

    @BeforeEach
    void parents() throws IOException {
        RootTests.requireRoot();
        String name = "virtfx-floortest-" + HexFormat.of().formatHex(ParallelStartBench.randomBytes());
        // The hierarchies the driver uses: the v2 tree, or the v1 controllers it puts containers in.
        List<Path> hierarchies = Files.exists(CGROUPS.resolve("cgroup.controllers")) ? List.of(CGROUPS)
                : Stream.of("cpu", "cpuacct", "memory", "freezer", "pids").map(CGROUPS::resolve)
                .filter(Files::isDirectory).toList();
        for (Path hierarchy : hierarchies) {
            parents.add(Files.createDirectory(hierarchy.resolve(name)));
        }
    }

    @AfterEach
    void removeParents() throws IOException {
        for (Path parent : parents) {
            Files.deleteIfExists(parent);
        }
    }

    @Test
    void everyContainerStartsAndNothingIsLeftAfter() throws IOException {
        ContainerFloor floor = ContainerFloor.install(dir, parents, 64L << 20, 16384);

        ContainerFloor.Run run = floor.start(5);

        assertTrue(run.startSeconds() > 0 && run.cloneSeconds() + run.plugSeconds() <= run.startSeconds(),
                "start " + run);
        for (Path parent : parents) {
            try (Stream<Path> groups = Files.list(parent)) {
                assertEquals(List.of(), groups.filter(Files::isDirectory).toList(), "groups left under " + parent);
            }
        }
    }

    @Test
    void aFailedStepIsNamedAndLeavesNothingBehind() throws IOException {
        Path missing = dir.resolve("no-such-cgroup");
        ContainerFloor floor = ContainerFloor.install(dir, List.of(missing), 64L << 20, 16384);

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> floor.start(3));

        assertTrue(failure.getMessage().contains("cannot create cgroup " + missing), failure.getMessage());
    }
}
