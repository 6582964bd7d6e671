package org.virtfx.app.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.task.CurrentThreadTaskExecutor;

class ShutdownWatchTest {
    private static final UUID UUID_1 = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    /** A guest that stops after {@code pollsUntilOff} looks, or never when negative. */
    private static final class Guest implements DomainFamily {
        final AtomicReference<DomainState> state = new AtomicReference<>(DomainState.RUNNING);
        final AtomicInteger looks = new AtomicInteger();
        final int pollsUntilOff;

        Guest(int pollsUntilOff) {
            this.pollsUntilOff = pollsUntilOff;
        }

        @Override
        public String driverName() {
            return "guest";
        }

        @Override
        public List<DomainSummary> list() {
            if (looks.incrementAndGet() == pollsUntilOff) {
                state.set(DomainState.SHUTOFF);
            }
            return List.of(new DomainSummary("c1", UUID_1, 1, state.get(), StateReason.UNKNOWN, true, false));
        }

        @Override
        public void destroy(UUID uuid) {
            state.set(DomainState.SHUTOFF);
        }
    }

    private ShutdownWatch watch() {
        return new ShutdownWatch(new CurrentThreadTaskExecutor(), dialogs, Duration.ofMillis(60), Duration.ofMillis(5));
    }

    @Test
    void aGuestThatStopsIsWaitedForWithoutAWord() {
        Guest guest = new Guest(3);
        watch().watch(guest, UUID_1, "c1");
        assertEquals(DomainState.SHUTOFF, guest.state.get());
        assertEquals(List.of(), dialogs.asked);
    }

    @Test
    void aGuestThatIgnoresTheRequestIsOfferedForceOff() {
        Guest guest = new Guest(-1);
        watch().watch(guest, UUID_1, "c1");
        assertEquals("'c1' has not shut down. Force it off?", dialogs.asked.get(0).question());
        assertTrue(guest.looks.get() > 2, "it kept looking until its patience ran out");
        assertEquals(DomainState.SHUTOFF, guest.state.get(), "Yes forced it off");
        assertEquals(List.of(), dialogs.errors);
    }

    @Test
    void noLeavesTheGuestRunning() {
        Guest guest = new Guest(-1);
        dialogs.answers.add(new ConfirmAnswer(false, false));
        watch().watch(guest, UUID_1, "c1");
        assertEquals(1, dialogs.asked.size());
        assertEquals(DomainState.RUNNING, guest.state.get());
    }
}
