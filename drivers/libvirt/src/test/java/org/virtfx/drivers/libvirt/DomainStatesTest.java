package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;

/**
 * libvirt's reason numbers (libvirt-domain.h) read as core's words; the libvirt test driver
 * makes only a few of them, so each state's list is pinned here number by number.
 */
class DomainStatesTest {
    private static final StateReason U = StateReason.UNKNOWN;

    @Test
    void aPauseForAnIoErrorShowsItsReasonAndEveryPausedReasonHasItsWordOrUnknown() {
        // UNKNOWN USER MIGRATION SAVE DUMP IOERROR WATCHDOG FROM_SNAPSHOT SHUTTING_DOWN SNAPSHOT
        // CRASHED STARTING_UP POSTCOPY POSTCOPY_FAILED API_ERROR
        assertReasons(DomainState.PAUSED, List.of(U, StateReason.USER, U, StateReason.SAVE, U, StateReason.IOERROR, U,
                StateReason.FROM_SNAPSHOT, StateReason.SHUTTING_DOWN, U, StateReason.CRASHED, U, U, U, U));
        assertEquals("I/O error", DomainStates.reason(3, 5).label());
    }

    @Test
    void theOtherStatesReasonsReadAsLibvirtNumbersThem() {
        // UNKNOWN BOOTED MIGRATED RESTORED FROM_SNAPSHOT UNPAUSED MIGRATION_CANCELED SAVE_CANCELED
        // WAKEUP CRASHED POSTCOPY POSTCOPY_FAILED
        assertReasons(DomainState.RUNNING, List.of(U, StateReason.BOOTED, StateReason.MIGRATED, StateReason.RESTORED,
                StateReason.FROM_SNAPSHOT, StateReason.UNPAUSED, U, StateReason.SAVE_CANCELED, StateReason.WAKEUP,
                StateReason.CRASHED, U, U));
        assertReasons(DomainState.SHUTDOWN, List.of(U, StateReason.USER));
        // UNKNOWN SHUTDOWN DESTROYED CRASHED MIGRATED SAVED FAILED FROM_SNAPSHOT DAEMON
        assertReasons(DomainState.SHUTOFF, List.of(U, StateReason.SHUTDOWN, StateReason.DESTROYED, StateReason.CRASHED,
                StateReason.MIGRATED, StateReason.SAVED, StateReason.FAILED, StateReason.FROM_SNAPSHOT, U));
        assertReasons(DomainState.CRASHED, List.of(U, StateReason.PANICKED));
        assertEquals(U, DomainStates.reason(9, 1), "a state libvirt may add later");
        assertEquals(U, DomainStates.reason(3, -1));
    }

    private static void assertReasons(DomainState state, List<StateReason> expected) {
        int number = state.ordinal();
        assertEquals(state, DomainStates.state(number));
        for (int reason = 0; reason < expected.size(); reason++) {
            assertEquals(expected.get(reason), DomainStates.reason(number, reason), state + " reason " + reason);
        }
    }
}
