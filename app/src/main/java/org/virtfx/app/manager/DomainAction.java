package org.virtfx.app.manager;

import java.util.function.Predicate;
import org.virtfx.app.settings.ConfirmKind;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainState;

/**
 * A lifecycle action of the manager: to which states it applies, what it calls on the driver,
 * and how it asks first. virt-manager's wording is kept for the questions.
 */
public enum DomainAction {
    RUN("Run", "Starting…", "start", null, s -> !s.isActive() || s == DomainState.CRASHED),
    PAUSE("Pause", "Pausing…", "pause", ConfirmKind.PAUSE,
            s -> s == DomainState.RUNNING || s == DomainState.BLOCKED),
    RESUME("Resume", "Resuming…", "resume", null, s -> s == DomainState.PAUSED),
    SHUTDOWN("Shut Down", "Shutting down…", "poweroff", ConfirmKind.POWER_OFF,
            s -> s == DomainState.RUNNING || s == DomainState.BLOCKED),
    REBOOT("Reboot", "Rebooting…", "reboot", ConfirmKind.POWER_OFF,
            s -> s == DomainState.RUNNING || s == DomainState.BLOCKED),
    RESET("Force Reset", "Resetting…", "force reset", ConfirmKind.FORCE_OFF,
            s -> s.isActive()),
    FORCE_OFF("Force Off", "Forcing off…", "force poweroff", ConfirmKind.FORCE_OFF,
            s -> s.isActive()),
    /** libvirt's managed save; virt-manager asks under the "Poweroff/Reboot/Save" preference. */
    SAVE("Save", "Saving…", "save", ConfirmKind.POWER_OFF,
            s -> s == DomainState.RUNNING || s == DomainState.BLOCKED || s == DomainState.PAUSED),
    DELETE("Delete", "Deleting…", "delete", ConfirmKind.DELETE, s -> true);

    private final String label;
    private final String activity;
    private final String verb;
    private final ConfirmKind confirm;
    private final Predicate<DomainState> appliesTo;

    DomainAction(String label, String activity, String verb, ConfirmKind confirm, Predicate<DomainState> appliesTo) {
        this.label = label;
        this.activity = activity;
        this.verb = verb;
        this.confirm = confirm;
        this.appliesTo = appliesTo;
    }

    public String label() {
        return label;
    }

    /** Shown in place of the state while the action runs. */
    public String activity() {
        return activity;
    }

    /** As in "Are you sure you want to VERB 'vm000'?". */
    String verb() {
        return verb;
    }

    /** The confirmation preference, or null when the action never asks. */
    ConfirmKind confirmKind() {
        return confirm;
    }

    public boolean appliesTo(DomainState state) {
        return state != null && appliesTo.test(state);
    }

    /** Whether the connection offers the action at all: Save needs managed save. */
    public boolean offeredBy(Connection connection) {
        return connection != null && (this != SAVE || connection.supports(Feature.MANAGED_SAVE));
    }

    /** The warning under the question. */
    String explanation(boolean several) {
        String vm = several ? "the VMs" : "the VM";
        return switch (this) {
            case FORCE_OFF -> "This will immediately poweroff " + vm + " without shutting down the OS and may cause data loss.";
            case RESET -> "This will immediately reset " + vm + " without shutting down the OS and may cause data loss.";
            case SHUTDOWN -> "This will ask the guest OS of " + vm + " to shut down.";
            case REBOOT -> "This will ask the guest OS of " + vm + " to reboot.";
            case PAUSE -> "This will pause " + vm + " until resumed.";
            case SAVE -> "This will save the memory of " + vm + " to disk and stop it; the next start resumes from it.";
            case DELETE -> "This removes the definition of " + vm + "; running VMs are forced off first. "
                    + "Storage files are kept.";
            default -> "";
        };
    }

    /** Calls the driver. Delete forces a running domain off first, as virt-manager does. */
    void perform(DomainFamily domains, DomainRow row) {
        var uuid = row.uuid();
        switch (this) {
            case RUN -> domains.start(uuid);
            case PAUSE -> domains.suspend(uuid);
            case RESUME -> domains.resume(uuid);
            case SHUTDOWN -> domains.shutdown(uuid);
            case REBOOT -> domains.reboot(uuid);
            case RESET -> domains.reset(uuid);
            case FORCE_OFF -> domains.destroy(uuid);
            case SAVE -> domains.managedSave(uuid);
            case DELETE -> {
                boolean active = domains.byUuid(uuid).map(d -> d.isActive()).orElse(false);
                if (active) {
                    domains.destroy(uuid);
                }
                if (row.persistent()) {
                    domains.undefine(uuid);
                }
            }
        }
    }
}
