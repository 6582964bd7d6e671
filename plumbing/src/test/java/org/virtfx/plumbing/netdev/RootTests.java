package org.virtfx.plumbing.netdev;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rule for tests that change the host (network devices, namespaces, cgroups, processes in
 * containers; shared with the drivers' tests through core's test jar): they need root; a developer
 * without it gets a skip with the reason, but CI ({@code CI=true}) must run them, so there
 * a missing root fails instead of hiding the whole suite.
 */
public final class RootTests {
    private RootTests() {
    }

    public static void requireRoot() {
        boolean root = uid() == 0;
        if (!root && "true".equals(System.getenv("CI"))) {
            fail("host-level tests need root, and CI=true forbids skipping them");
        }
        assumeTrue(root, "skipped: host-level tests need root (namespaces, network devices, cgroups)");
    }

    private static long uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
