package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Containers need root. A developer without it gets a skip with the reason; CI ({@code CI=true})
 * runs as root, so there a missing root fails rather than hide the suite.
 */
final class RootRequired {
    private RootRequired() {
    }

    static void check() {
        boolean root = uid() == 0;
        if (!root && "true".equals(System.getenv("CI"))) {
            fail("LXC driver tests need root, and CI=true forbids skipping them");
        }
        assumeTrue(root, "skipped: LXC driver tests need root (they create namespaces, cgroups and veths)");
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
