package org.virtfx.app.manager;

import java.util.Locale;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;

/**
 * A domain row: identity, state, what is being done to it, and its recent guest CPU usage.
 * Properties change on the UI thread; {@link #lastKnownState()} is also read by the stats
 * poller on a worker, to skip guests that are not running without touching the properties.
 */
public final class DomainRow implements ManagerRow {
    /** Samples the sparkline keeps: two minutes at virt-manager's 3-second poll. */
    public static final int CPU_SAMPLES = 40;

    private final ConnectionRow connection;
    private final UUID uuid;
    private final StringProperty name = new SimpleStringProperty();
    /** The name in lower case, made once per name: the filter tests every row on each keystroke. */
    private String lowerCaseName = "";
    private final ObjectProperty<DomainState> state = new SimpleObjectProperty<>();
    private final IntegerProperty id = new SimpleIntegerProperty(-1);
    private final StringProperty activity = new SimpleStringProperty("");
    private final BooleanProperty managedSave = new SimpleBooleanProperty();
    private final StringBinding stateText;
    private final double[] cpu = new double[CPU_SAMPLES];
    private int cpuCount;
    private final IntegerProperty cpuRevision = new SimpleIntegerProperty();
    private volatile DomainState lastKnownState;
    private volatile boolean persistent;

    DomainRow(ConnectionRow connection, DomainSummary summary) {
        this.connection = connection;
        this.uuid = summary.uuid();
        stateText = Bindings.createStringBinding(() -> {
            String busy = activity.get();
            if (!busy.isEmpty()) {
                return busy;
            }
            // virt-manager says "Saved" for a shut-off VM that has a managed save image.
            return managedSave.get() && state.get() == DomainState.SHUTOFF ? "Saved" : stateWords(state.get());
        }, state, activity, managedSave);
        apply(summary);
    }

    /** The words virt-manager shows under the name: "Running", "Paused", "Shutoff". */
    public static String stateWords(DomainState state) {
        if (state == null) {
            return "";
        }
        return switch (state) {
            case SHUTOFF -> "Shutoff";
            case SHUTDOWN -> "Shutting down";
            case PMSUSPENDED -> "Suspended";
            case NOSTATE -> "No state";
            default -> Character.toUpperCase(state.label().charAt(0)) + state.label().substring(1);
        };
    }

    void apply(DomainSummary summary) {
        if (!summary.name().equals(name.get())) {
            lowerCaseName = summary.name().toLowerCase(Locale.ROOT);
            name.set(summary.name());
        }
        id.set(summary.id());
        persistent = summary.persistent();
        lastKnownState = summary.state();
        if (summary.isActive()) {
            managedSave.set(false);
        } else if (summary.reason() == StateReason.SAVED) {
            managedSave.set(true);
        }
        if (summary.state() != state.get()) {
            state.set(summary.state());
            if (!summary.state().isActive()) {
                clearCpu();
            }
        }
    }

    public ConnectionRow connectionRow() {
        return connection;
    }

    public UUID uuid() {
        return uuid;
    }

    @Override
    public String sortKey() {
        return name.get();
    }

    public ReadOnlyStringProperty nameProperty() {
        return name;
    }

    public String name() {
        return name.get();
    }

    /** The name in lower case ({@link Locale#ROOT}), what the filter bar matches against. */
    public String lowerCaseName() {
        return lowerCaseName;
    }

    public ObjectProperty<DomainState> stateProperty() {
        return state;
    }

    public DomainState state() {
        return state.get();
    }

    public ReadOnlyIntegerProperty idProperty() {
        return id;
    }

    /**
     * Whether the domain has a managed save image: set by a stop with reason "saved" or when
     * the connection lists it, cleared when it starts.
     */
    public BooleanProperty managedSaveProperty() {
        return managedSave;
    }

    public boolean persistent() {
        return persistent;
    }

    /** What is being done to the domain ("Starting…"), or empty. */
    public StringProperty activityProperty() {
        return activity;
    }

    /** The state text under the name: the activity while one runs, else the state. */
    public StringBinding stateTextProperty() {
        return stateText;
    }

    public String stateText() {
        return stateText.get();
    }

    DomainState lastKnownState() {
        return lastKnownState;
    }

    void pushCpu(double percent) {
        if (cpuCount == CPU_SAMPLES) {
            System.arraycopy(cpu, 1, cpu, 0, CPU_SAMPLES - 1);
            cpuCount--;
        }
        cpu[cpuCount++] = percent;
        cpuRevision.set(cpuRevision.get() + 1);
    }

    private void clearCpu() {
        if (cpuCount > 0) {
            cpuCount = 0;
            cpuRevision.set(cpuRevision.get() + 1);
        }
    }

    /** Bumped whenever the CPU history changes, so a sparkline knows to redraw. */
    public ReadOnlyIntegerProperty cpuRevisionProperty() {
        return cpuRevision;
    }

    /** The CPU samples, oldest first, in percent of the guest's vCPUs. */
    public double[] cpuHistory() {
        double[] copy = new double[cpuCount];
        System.arraycopy(cpu, 0, copy, 0, cpuCount);
        return copy;
    }

    @Override
    public String toString() {
        return name.get();
    }
}
