package org.virtfx.app.details;

import org.virtfx.core.domain.DomainSummary;

/** A domain's state in the words the VM window shows: "Running (Booted)". */
final class DomainStates {
    private DomainStates() {
    }

    static String words(DomainSummary summary) {
        String state = switch (summary.state()) {
            case RUNNING -> "Running";
            case PAUSED -> "Paused";
            case SHUTOFF -> "Shutoff";
            case SHUTDOWN -> "Shutting down";
            case CRASHED -> "Crashed";
            case PMSUSPENDED -> "Suspended";
            case BLOCKED -> "Blocked";
            default -> "No state";
        };
        String reason = summary.reason().label();
        return reason.isEmpty() || reason.equals("unknown") ? state
                : state + " (" + Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + ")";
    }
}
