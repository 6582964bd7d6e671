package org.virtfx.app.hostdetails;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.host.HostSummaryViewModel;
import org.virtfx.app.ui.Fact;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

/**
 * The Overview tab: the connection's name and Autoconnect, the files its driver skipped when it loaded, the host's facts, and its CPU and memory use as graphs. CPU use is the CPU
 * time the guests used between two samples over the wall time and the host's CPUs.
 */
public final class HostOverviewViewModel {
    static final int HISTORY = 40;

    private final Connection connection;
    private final TaskExecutor tasks;
    private final HostSummaryViewModel facts;
    private final ObservableList<Double> cpuPercent = FXCollections.observableArrayList();
    private final ObservableList<Double> memoryPercent = FXCollections.observableArrayList();
    private final ObservableList<String> loadWarnings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper memoryText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper cpuText = new ReadOnlyStringWrapper("");
    private final String name;
    private final BooleanProperty autoconnect = new SimpleBooleanProperty();
    private HostUsage previous;
    private int cpus;

    public HostOverviewViewModel(Connection connection, TaskExecutor tasks, HostSummaryViewModel facts) {
        this(connection, tasks, facts, RememberedConnection.unsaved(connection.uri().toString()));
    }

    /** @param remembered the name and Autoconnect shown at the top, a change of Autoconnect saved at once */
    public HostOverviewViewModel(Connection connection, TaskExecutor tasks, HostSummaryViewModel facts,
                                 RememberedConnection remembered) {
        this.connection = connection;
        this.tasks = tasks;
        this.facts = facts;
        this.name = remembered.name();
        autoconnect.set(remembered.autoconnect());
        autoconnect.addListener((obs, was, now) -> remembered.saveAutoconnect().accept(now));
    }

    /** "Name": the connection's title, as the manager shows it. */
    public String name() {
        return name;
    }

    /** "Autoconnect": connect when VirtFX starts; saved with the connection as it changes. */
    public BooleanProperty autoconnectProperty() {
        return autoconnect;
    }

    public ObservableList<Fact> facts() {
        return facts.facts();
    }

    public ObservableList<Double> cpuPercent() {
        return cpuPercent;
    }

    public ObservableList<Double> memoryPercent() {
        return memoryPercent;
    }

    public ReadOnlyStringProperty cpuTextProperty() {
        return cpuText.getReadOnlyProperty();
    }

    /** "2048 MiB of 3072 MiB". */
    public ReadOnlyStringProperty memoryTextProperty() {
        return memoryText.getReadOnlyProperty();
    }

    public void load() {
        facts.load();
        tasks.execute(BackgroundTask.of("Load warnings of " + connection.uri(), progress -> connection.loadWarnings())
                .onSuccess(loadWarnings::setAll));
        sample();
    }

    /** The files the driver skipped when it loaded, each naming its file and why; empty when all loaded. */
    public ObservableList<String> loadWarnings() {
        return loadWarnings;
    }

    public void sample() {
        record Sample(HostUsage usage, int cpus) {
        }
        tasks.execute(BackgroundTask.of("Host usage of " + connection.uri(), progress ->
                new Sample(connection.host().usage(), cpus > 0 ? cpus : connection.host().nodeInfo().cpus()))
                .onSuccess(s -> add(s.usage(), s.cpus())));
    }

    void add(HostUsage usage, int hostCpus) {
        cpus = hostCpus;
        if (previous != null && usage.sampledAtNanos() > previous.sampledAtNanos()) {
            double used = Math.max(0, usage.cpuTimeNanos() - previous.cpuTimeNanos());
            double percent = Math.min(100, 100.0 * used / (usage.sampledAtNanos() - previous.sampledAtNanos())
                    / Math.max(1, hostCpus));
            push(cpuPercent, percent);
            cpuText.set(String.format("%.0f %%", percent));
        }
        push(memoryPercent, usage.memoryTotalKiB() == 0 ? 0 : 100.0 * usage.memoryUsedKiB() / usage.memoryTotalKiB());
        memoryText.set(usage.memoryUsedKiB() / 1024 + " MiB of " + usage.memoryTotalKiB() / 1024 + " MiB");
        previous = usage;
    }

    private static void push(ObservableList<Double> history, double value) {
        history.add(value);
        if (history.size() > HISTORY) {
            history.remove(0, history.size() - HISTORY);
        }
    }
}
