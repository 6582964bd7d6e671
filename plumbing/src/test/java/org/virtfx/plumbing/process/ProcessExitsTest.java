package org.virtfx.plumbing.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both ways of seeing ends: process events (the host's watcher, as root) and /proc ticks. */
class ProcessExitsTest {
    private static final long WAIT_SECONDS = 10;

    private static ProcessExits watcher(boolean events) {
        return events ? ProcessExits.host() : new ProcessExits(false);
    }

    @Test
    void asRootInCiTheHostWatcherHearsProcessEventsInsteadOfLookingAtEachProcess() {
        // Process events need root and the host's pid namespace, both true in CI: never skipped there.
        assumeTrue("true".equals(System.getenv("CI")) || "root".equals(System.getProperty("user.name")),
                "process events need root");
        assertTrue(ProcessExits.host().usesProcessEvents(), "root in the host's namespaces hears process events");
    }

    @ParameterizedTest(name = "events={0}")
    @ValueSource(booleans = {true, false})
    void aZombieThatItsParentNeverReapsHasEnded(boolean events) throws Exception {
        // sh starts a short child, then becomes a sleep that never waits for it: the child stays a zombie.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 1 & echo $!; exec sleep 30").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII))) {
            long child = Long.parseLong(out.readLine().strip());
            ProcessExits.Watch watch = watcher(events).watch(child, ProcessExits.startTime(child));
            assertFalse(watch.exited().isDone(), "the child sleeps for a second");
            assertEquals(-1, watch.exited().get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue(ProcessHandle.of(child).orElseThrow().isAlive(), "still unreaped: a zombie");
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    @ParameterizedTest(name = "events={0}")
    @ValueSource(booleans = {true, false})
    void aRunningProcessIsNotEndedByOtherProcessesEndingAndIsOnceKilled(boolean events) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessExits.Watch watch = watcher(events).watch(sleeper.pid(), ProcessExits.startTime(sleeper.pid()));
            for (int i = 0; i < 10; i++) {
                new ProcessBuilder("true").start().waitFor();
            }
            Thread.sleep(2 * ProcessExits.FALLBACK_TICK_MILLIS);
            assertFalse(watch.exited().isDone(), "other processes' exits are not its own");
            sleeper.destroyForcibly();
            assertEquals(-1, watch.exited().get(WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @ParameterizedTest(name = "events={0}")
    @ValueSource(booleans = {true, false})
    void aPidNowAnotherProcessesOrGoneHasEndedAtOnce(boolean events) throws Exception {
        long self = ProcessHandle.current().pid();
        assertTrue(watcher(events).watch(self, ProcessExits.startTime(self) + 1).exited().isDone(),
                "the pid names a process that started at another time");
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertTrue(watcher(events).watch(done.pid(), 1).exited().isDone(), "gone");
        assertEquals(-1, ProcessExits.startTime(done.pid()));
    }

    @ParameterizedTest(name = "events={0}")
    @ValueSource(booleans = {true, false})
    void aStoppedWatchNeverCompletes(boolean events) throws Exception {
        ProcessExits exits = watcher(events);
        Process first = new ProcessBuilder("sleep", "30").start();
        Process second = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessExits.Watch stopped = exits.watch(first.pid(), ProcessExits.startTime(first.pid()));
            ProcessExits.Watch kept = exits.watch(second.pid(), ProcessExits.startTime(second.pid()));
            stopped.stop();
            first.destroyForcibly().waitFor();
            second.destroyForcibly().waitFor();
            // The second end is seen after the first, in one event or tick order.
            kept.exited().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertFalse(stopped.exited().isDone());
        } finally {
            first.destroyForcibly().waitFor();
            second.destroyForcibly().waitFor();
        }
    }
}
