package org.virtfx.app.manager;

import java.util.function.Predicate;
import org.virtfx.core.domain.DomainState;

/** The states the filter bar can check; none checked lets every state through. */
public enum StateFilter {
    RUNNING("Running", s -> s == DomainState.RUNNING || s == DomainState.BLOCKED),
    PAUSED("Paused", s -> s == DomainState.PAUSED),
    SHUTOFF("Shut off", s -> !s.isActive());

    private final String label;
    private final Predicate<DomainState> accepts;

    StateFilter(String label, Predicate<DomainState> accepts) {
        this.label = label;
        this.accepts = accepts;
    }

    public boolean accepts(DomainState state) {
        return state != null && accepts.test(state);
    }

    @Override
    public String toString() {
        return label;
    }
}
