package org.virtfx.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.bench.scale.Linearity.Growth;

/**
 * Issue 15's rule, 100 to 1,000 realistic domains: loading, listing and opening every domain,
 * through the test driver and the CLI, may take at most twelve times as long for ten times the
 * domains. bench/run scale adds 10,000 and virsh beside it.
 */
class LinearScaleTest {
    @TempDir
    Path dir;

    @Test
    void tenTimesTheDomainsCostAtMostTwelveTimesTheTime() throws Exception {
        List<Linearity.Size> sizes = Linearity.measure(new ScaleProbe(dir), List.of(100, 1_000), 5);
        List<Growth> growths = Linearity.growths(sizes);
        assertEquals(ScaleProbe.Phase.values().length, growths.size());
        List<Growth> steep = growths.stream().filter(Growth::tooSteep).toList();
        assertTrue(steep.isEmpty(), "grew faster than the domains: " + steep + " (all: " + growths + ")");
    }
}
