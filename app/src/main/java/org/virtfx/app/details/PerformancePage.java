package org.virtfx.app.details;

import java.util.Locale;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;

/**
 * Live CPU, memory, disk I/O and network I/O graphs. Each sample's CPU use is the CPU time the
 * domain used since the previous sample over the wall time between them and its vCPUs, as
 * virt-manager computes it; disk and network rates are the bytes moved between the two samples
 * per second ({@link IoRates}), read and write, in (received by the guest) and out.
 */
public final class PerformancePage extends DetailsPage {
    /** Points kept per graph: two minutes at the default 3-second poll. */
    static final int HISTORY = 40;

    private final ObservableList<Double> cpuPercent = FXCollections.observableArrayList();
    private final ObservableList<Double> memoryPercent = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper cpuText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper memoryText = new ReadOnlyStringWrapper("");
    private final ObservableList<Double> diskReadRate = FXCollections.observableArrayList();
    private final ObservableList<Double> diskWriteRate = FXCollections.observableArrayList();
    private final ObservableList<Double> networkRxRate = FXCollections.observableArrayList();
    private final ObservableList<Double> networkTxRate = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper diskText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper networkText = new ReadOnlyStringWrapper("");
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

    /** Bytes per second the domain's disks read, one point per sample. */
    public ObservableList<Double> diskReadRate() {
        return diskReadRate;
    }

    /** Bytes per second the domain's disks wrote. */
    public ObservableList<Double> diskWriteRate() {
        return diskWriteRate;
    }

    /** Bytes per second the guest received on its interfaces. */
    public ObservableList<Double> networkRxRate() {
        return networkRxRate;
    }

    /** Bytes per second the guest sent. */
    public ObservableList<Double> networkTxRate() {
        return networkTxRate;
    }

    /** The latest disk rates, as virt-manager words them: "12 KiB/s read, 0 KiB/s write". */
    public ReadOnlyStringProperty diskTextProperty() {
        return diskText.getReadOnlyProperty();
    }

    /** The latest network rates: "3 KiB/s in, 1 KiB/s out". */
    public ReadOnlyStringProperty networkTextProperty() {
        return networkText.getReadOnlyProperty();
    }

    /** Adds one sample taken at {@code nanoTime}. */
    public void sample(DomainStats stats, long nanoTime) {
        if (previous != null && nanoTime > previousAt && stats.state().isActive()) {
            double used = Math.max(0, stats.cpuTimeNanos() - previous.cpuTimeNanos());
            double percent = Math.min(100, 100.0 * used / (nanoTime - previousAt) / Math.max(1, stats.vcpus()));
            add(cpuPercent, percent);
            cpuText.set(String.format("%.0f %%", percent));
            addRates(IoRates.between(previous, stats, (nanoTime - previousAt) / 1e9));
        } else if (!stats.state().isActive()) {
            add(cpuPercent, 0.0);
            cpuText.set("0 %");
            addRates(IoRates.NONE);
        }
        double memory = stats.maxMemoryKiB() == 0 || !stats.state().isActive() ? 0
                : 100.0 * stats.memoryKiB() / stats.maxMemoryKiB();
        add(memoryPercent, memory);
        memoryText.set((stats.state().isActive() ? stats.memoryKiB() / 1024 : 0) + " MiB of "
                + stats.maxMemoryKiB() / 1024 + " MiB");
        previous = stats;
        previousAt = nanoTime;
    }

    private void addRates(IoRates rates) {
        add(diskReadRate, rates.diskRead());
        add(diskWriteRate, rates.diskWrite());
        add(networkRxRate, rates.networkRx());
        add(networkTxRate, rates.networkTx());
        diskText.set(perSecond(rates.diskRead()) + " read, " + perSecond(rates.diskWrite()) + " write");
        networkText.set(perSecond(rates.networkRx()) + " in, " + perSecond(rates.networkTx()) + " out");
    }

    /** KiB/s as virt-manager shows them, MiB/s from 10 MiB/s on so the number stays short. */
    static String perSecond(double bytes) {
        return bytes >= 10 * 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MiB/s", bytes / (1024 * 1024))
                : String.format(Locale.ROOT, "%.0f KiB/s", bytes / 1024);
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
