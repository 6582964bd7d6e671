package org.virtfx.plumbing.process;

import java.util.Random;

/**
 * Random moments to kill a process at, from a seed that is printed first, so that a run that
 * fails can be repeated exactly with {@code -Dvirtfx.killSeed=SEED}.
 */
public final class KillPoints {
    private final long seed;
    private final Random random;

    private KillPoints(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /**
     * Kill points for lane {@code lane} of a test ({@link KillLanes}): from {@code -Dvirtfx.killSeed}
     * plus the lane's number, or a fresh seed; prints it. A failure is repeated by giving its
     * lane's seed, which lane 0 then uses.
     */
    static KillPoints forLane(String test, int lane) {
        Long given = Long.getLong("virtfx.killSeed");
        long seed = given != null ? given + lane : System.nanoTime() + lane;
        System.out.println(test + " lane " + lane + ": kill seed " + seed + " (repeat with -Dvirtfx.killSeed="
                + seed + ")");
        return new KillPoints(seed);
    }

    /** A moment in {@code [0, bound]} milliseconds. */
    public long upTo(long bound) {
        return (long) (random.nextDouble() * (bound + 1));
    }

    /** Names a try in an assertion message: its number, kill moment and the seed. */
    public String describe(int attempt, long killAt) {
        return "try " + attempt + ", killed " + killAt + " ms after go, seed " + seed;
    }
}
