package org.virtfx.app.details;

import java.util.Optional;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleLongProperty;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * virt-manager's Memory page: current allocation ({@code <currentMemory>}) and maximum
 * allocation ({@code <memory>}) in MiB, with the host's total. Raising the current allocation
 * past the maximum raises the maximum with it, as virt-manager does; a new maximum beyond the
 * host's memory is refused. Where the connection changes a running guest's memory, a new
 * current allocation reaches the running guest at once through its balloon, as virt-manager
 * hot-plugs it; the maximum waits for the next shutdown (QEMU cannot grow a guest's RAM).
 */
public final class MemoryPage extends DetailsPage {
    private final DomainXml domainXml;
    private final LiveAllocation live;
    private final LongProperty currentMiB = new SimpleLongProperty();
    private final LongProperty maximumMiB = new SimpleLongProperty();
    private final ReadOnlyLongWrapper hostMemoryMiB = new ReadOnlyLongWrapper();
    private long loadedMaximumMiB;
    private long loadedCurrentMiB;

    /** @param liveResources whether the connection changes a running guest's memory ({@code LIVE_RESOURCE_CHANGES}) */
    public MemoryPage(DomainXml domainXml, boolean liveResources) {
        this.domainXml = domainXml;
        this.live = new LiveAllocation(liveResources, "current allocation", "memory",
                "the maximum allocation takes effect");
        track(currentMiB, maximumMiB);
        currentMiB.addListener((obs, was, now) -> {
            if (now.longValue() > maximumMiB.get()) {
                maximumMiB.set(now.longValue());
            }
        });
    }

    public LongProperty currentMiBProperty() {
        return currentMiB;
    }

    public LongProperty maximumMiBProperty() {
        return maximumMiB;
    }

    public ReadOnlyLongProperty hostMemoryMiBProperty() {
        return hostMemoryMiB.getReadOnlyProperty();
    }

    public void setHostMemoryMiB(long mib) {
        hostMemoryMiB.set(mib);
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        DomainDefinition definition = domainXml.parse(document.xml(), document.name());
        loadedMaximumMiB = definition.memoryKiB() / 1024;
        maximumMiB.set(loadedMaximumMiB);
        loadedCurrentMiB = definition.currentMemoryKiB() / 1024;
        currentMiB.set(loadedCurrentMiB);
    }

    @Override
    protected String whenApplied() {
        return live.whenApplied(maximumMiB.get() != loadedMaximumMiB);
    }

    /** The running guest gets the new current allocation; a refusal is told in the driver's words. */
    @Override
    public Optional<String> applyOutsideXml(PersistentDefinition definition) {
        long mib = currentMiB.get();
        return live.apply(loadedRunning(), mib != loadedCurrentMiB, maximumMiB.get() != loadedMaximumMiB,
                () -> definition.setLiveMemory(mib * 1024), mib + " MiB");
    }

    @Override
    public String applyTo(DomainDocument document) {
        if (currentMiB.get() <= 0) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "Memory must be at least 1 MiB");
        }
        if (currentMiB.get() > maximumMiB.get()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "The current allocation (" + currentMiB.get()
                    + " MiB) cannot exceed the maximum allocation (" + maximumMiB.get() + " MiB)");
        }
        // A maximum above the host's memory that the guest already had is left alone: only a change is checked.
        if (hostMemoryMiB.get() > 0 && maximumMiB.get() > hostMemoryMiB.get() && maximumMiB.get() != loadedMaximumMiB) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "The maximum allocation (" + maximumMiB.get()
                    + " MiB) is more than the host's " + hostMemoryMiB.get() + " MiB");
        }
        return document.edited(root -> {
            setKiB(root, "memory", "uuid", maximumMiB.get() * 1024);
            setKiB(root, "currentMemory", "memory", currentMiB.get() * 1024);
        });
    }

    private static void setKiB(XmlElement root, String element, String after, long kib) {
        root.setChildText(element, after, Long.toString(kib));
        root.child(element).orElseThrow().setAttribute("unit", "KiB");
    }
}
