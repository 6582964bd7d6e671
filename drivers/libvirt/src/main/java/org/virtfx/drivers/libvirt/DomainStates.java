package org.virtfx.drivers.libvirt;

import java.util.List;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;

/**
 * libvirt's numbered domain states and per-state reasons ({@code virDomainState},
 * {@code virDomainRunningReason}...) as core's words. Reasons core has no word for (a pause for
 * migration, say) read as "unknown".
 */
final class DomainStates {
    private static final StateReason U = StateReason.UNKNOWN;
    /** Reasons by state, indexed by libvirt's reason numbers. */
    private static final List<List<StateReason>> REASONS = List.of(
            List.of(U),
            List.of(U, StateReason.BOOTED, StateReason.MIGRATED, StateReason.RESTORED, StateReason.FROM_SNAPSHOT,
                    StateReason.UNPAUSED, U, StateReason.SAVE_CANCELED, StateReason.WAKEUP, StateReason.CRASHED),
            List.of(U),
            List.of(U, StateReason.USER, U, StateReason.SAVE, U, StateReason.IOERROR, U, StateReason.FROM_SNAPSHOT,
                    StateReason.SHUTTING_DOWN, U, StateReason.CRASHED),
            List.of(U, StateReason.USER),
            List.of(U, StateReason.SHUTDOWN, StateReason.DESTROYED, StateReason.CRASHED, StateReason.MIGRATED,
                    StateReason.SAVED, StateReason.FAILED, StateReason.FROM_SNAPSHOT),
            List.of(U, StateReason.PANICKED),
            List.of(U));

    private DomainStates() {
    }

    /** libvirt numbers its states in the order core lists them. */
    static DomainState state(int state) {
        DomainState[] states = DomainState.values();
        return state >= 0 && state < states.length ? states[state] : DomainState.NOSTATE;
    }

    static StateReason reason(int state, int reason) {
        if (state < 0 || state >= REASONS.size()) {
            return U;
        }
        List<StateReason> reasons = REASONS.get(state);
        return reason >= 0 && reason < reasons.size() ? reasons.get(reason) : U;
    }
}
