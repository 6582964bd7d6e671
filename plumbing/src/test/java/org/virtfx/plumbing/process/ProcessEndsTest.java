package org.virtfx.plumbing.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessEndsTest {

    @Test
    void aRunningProcessHasNotEndedAndAnUnknownPidHas() throws Exception {
        assertFalse(ProcessEnds.ended(ProcessHandle.current().pid()));
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertTrue(ProcessEnds.ended(done.pid()), "exited and reaped");
    }

    @Test
    void aZombieThatItsParentNeverReapsHasEndedThoughJavaStillCallsItAlive() throws Exception {
        // sh starts a short child, then becomes a sleep that never waits for it: the child stays a zombie.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 30").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII))) {
            ProcessHandle child = ProcessHandle.of(Long.parseLong(out.readLine().strip())).orElseThrow();
            assertTrue(ProcessEnds.await(child, Duration.ofSeconds(5)), "the zombie counts as ended");
            assertTrue(child.isAlive(), "onExit() would still be waiting for the reaping");
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    void awaitGivesUpAfterItsTimeout() throws Exception {
        Process running = new ProcessBuilder("sleep", "30").start();
        try {
            assertFalse(ProcessEnds.await(running.toHandle(), Duration.ofMillis(50)));
        } finally {
            running.destroyForcibly().waitFor();
        }
    }
}
