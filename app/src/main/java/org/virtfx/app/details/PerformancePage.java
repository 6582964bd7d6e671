package org.virtfx.app.details;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;

/**
 * Live CPU and memory graphs. Each sample's CPU use is the CPU time the domain used since the
 * previous sample over the wall time between them and its vCPUs, as virt-manager computes it.
 */
public final class PerformancePage extends DetailsPage {
    /** Points kept per graph: two minutes at the default 3-second poll. */
    static final int HISTORY = 40;

    private final ObservableList<Double> cpuPercent = FXCollections.observableArrayList();
    private final ObservableList<Double> memoryPercent = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper cpuText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper memoryText = new ReadOnlyStringWrapper("");
    private DomainStats previous;
    private long previousAt;

    public ObservableList<Double> cpuPercent() {
        return cpuPercent;
    }

    public ObservableList<Double> memoryPercent() {
        return memoryPercent;
    }

    public ReadOnlyStringProperty cpuTextProperty() {
        return cpuText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryTextProperty() {
        return memoryText.getReadOnlyProperty();
    }

    /** Adds one sample taken at {@code nanoTime}. */
    public void sample(DomainStats stats, long nanoTime) {
        if (previous != null && nanoTime > previousAt && stats.state().isActive()) {
            double used = Math.max(0, stats.cpuTimeNanos() - previous.cpuTimeNanos());
            double percent = Math.min(100, 100.0 * used / (nanoTime - previousAt) / Math.max(1, stats.vcpus()));
            add(cpuPercent, percent);
            cpuText.set(String.format("%.0f %%", percent));
        } else if (!stats.state().isActive()) {
            add(cpuPercent, 0.0);
            cpuText.set("0 %");
        }
        double memory = stats.maxMemoryKiB() == 0 || !stats.state().isActive() ? 0
                : 100.0 * stats.memoryKiB() / stats.maxMemoryKiB();
        add(memoryPercent, memory);
        memoryText.set((stats.state().isActive() ? stats.memoryKiB() / 1024 : 0) + " MiB of "
                + stats.maxMemoryKiB() / 1024 + " MiB");
        previous = stats;
        previousAt = nanoTime;
    }

    private static void add(ObservableList<Double> history, double value) {
        history.add(value);
        if (history.size() > HISTORY) {
            history.remove(0, history.size() - HISTORY);
        }
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        // The graphs fill from samples, not from the XML.
    }

    @Override
    public String applyTo(DomainDocument document) {
        return document.xml();
    }
}
