package org.virtfx.app.details;

import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleLongProperty;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** Memory allocation in MiB, with the host's total; more than the host has is refused. */
public final class MemoryPage extends DetailsPage {
    private final DomainXml domainXml;
    private final LongProperty memoryMiB = new SimpleLongProperty();
    private final ReadOnlyLongWrapper hostMemoryMiB = new ReadOnlyLongWrapper();

    public MemoryPage(DomainXml domainXml) {
        this.domainXml = domainXml;
        track(memoryMiB);
    }

    public LongProperty memoryMiBProperty() {
        return memoryMiB;
    }

    public ReadOnlyLongProperty hostMemoryMiBProperty() {
        return hostMemoryMiB.getReadOnlyProperty();
    }

    public void setHostMemoryMiB(long mib) {
        hostMemoryMiB.set(mib);
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        memoryMiB.set(domainXml.parse(document.xml(), document.name()).memoryKiB() / 1024);
    }

    @Override
    public String applyTo(DomainDocument document) {
        if (memoryMiB.get() <= 0) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "Memory must be at least 1 MiB");
        }
        if (hostMemoryMiB.get() > 0 && memoryMiB.get() > hostMemoryMiB.get()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, memoryMiB.get() + " MiB is more than the host's "
                    + hostMemoryMiB.get() + " MiB");
        }
        DomainDefinition definition = domainXml.parse(document.xml(), document.name());
        return domainXml.withMemory(definition, memoryMiB.get() * 1024).xml();
    }
}
