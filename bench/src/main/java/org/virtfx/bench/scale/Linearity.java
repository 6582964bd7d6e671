package org.virtfx.bench.scale;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtfx.bench.scale.ScaleProbe.Phase;

/**
 * The best of a few runs of every {@link ScaleProbe} phase at each size, and the verdict of
 * issue 15: ten times the domains may cost at most twelve times the time. The best run, not the
 * mean, since noise (GC, the JIT, other sessions on a shared machine) only ever adds time.
 */
public final class Linearity {
    /** Ten times the domains may take at most this many times as long. */
    public static final double LIMIT = 12.0;
    private static final int WARM_UPS = 4;

    /** The best time of each phase at one size. */
    public record Size(int domains, Map<Phase, Long> bestNanos) {
    }

    /** How much one phase's time grew from one size to the next. */
    public record Growth(Phase phase, int from, int to, double ratio) {
        /** Above the limit, scaled to the step when it is not tenfold. */
        public boolean tooSteep() {
            return ratio > LIMIT * ((double) to / from) / 10;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d -> %d domains took %.1fx the time (limit %.0fx)",
                    phase.name().toLowerCase(Locale.ROOT), from, to, ratio, LIMIT);
        }
    }

    private Linearity() {
    }

    /**
     * Measures every size {@code runs} times, the sizes taking turns so that each sees the same
     * conditions, after warm-up runs on up to 1,000 domains, so that no size is charged for the
     * JIT's compiles (which settle within a few thousand domains' worth of work).
     */
    public static List<Size> measure(ScaleProbe probe, List<Integer> sizes, int runs) throws IOException {
        for (int warmUp = 0; warmUp < WARM_UPS; warmUp++) {
            probe.measure(Math.min(sizes.get(sizes.size() - 1), 1_000));
        }
        List<Map<Phase, Long>> best = new ArrayList<>();
        sizes.forEach(size -> best.add(new EnumMap<>(Phase.class)));
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < sizes.size(); i++) {
                Map<Phase, Long> sizeBest = best.get(i);
                probe.measure(sizes.get(i)).forEach((phase, nanos) -> sizeBest.merge(phase, nanos, Math::min));
            }
        }
        List<Size> measured = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            measured.add(new Size(sizes.get(i), best.get(i)));
        }
        return measured;
    }

    /** Each phase's growth between consecutive sizes: ratio of the larger's time to the smaller's. */
    public static List<Growth> growths(List<Size> sizes) {
        List<Growth> growths = new ArrayList<>();
        for (int i = 1; i < sizes.size(); i++) {
            Size from = sizes.get(i - 1);
            Size to = sizes.get(i);
            for (Phase phase : Phase.values()) {
                double ratio = (double) to.bestNanos().get(phase) / from.bestNanos().get(phase);
                growths.add(new Growth(phase, from.domains(), to.domains(), ratio));
            }
        }
        return growths;
    }
}
