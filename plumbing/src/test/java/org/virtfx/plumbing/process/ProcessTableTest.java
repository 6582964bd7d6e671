package org.virtfx.plumbing.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProcessTableTest {

    @Test
    void aProcessIsFoundByWhatItsCommandLineNamesUntilItEnds() throws Exception {
        String mark = "virtfx-mark-" + UUID.randomUUID();
        Process sleeper = new ProcessBuilder("/bin/sh", "-c", "sleep 60; : " + mark).start();
        try {
            List<ProcessTable.Entry> found = ProcessTable.naming(mark);
            assertEquals(List.of(sleeper.pid()), found.stream().map(ProcessTable.Entry::pid).toList());
            assertTrue(found.get(0).commandLine().startsWith("/bin/sh -c sleep 60; : " + mark), found.toString());
        } finally {
            sleeper.destroyForcibly();
        }
        assertTrue(ProcessEnds.await(sleeper.toHandle(), Duration.ofSeconds(10)));
        assertEquals(List.of(), ProcessTable.naming(mark));
    }
}
