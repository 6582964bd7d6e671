package org.virtfx.app.details;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;

/** vCPU allocation, with the host's CPU count and virt-manager's overcommit warning. */
public final class CpusPage extends DetailsPage {
    private final DomainXml domainXml;
    private final IntegerProperty vcpus = new SimpleIntegerProperty(1);
    private final ReadOnlyIntegerWrapper hostCpus = new ReadOnlyIntegerWrapper();
    private final StringBinding warning;

    public CpusPage(DomainXml domainXml) {
        this.domainXml = domainXml;
        track(vcpus);
        warning = Bindings.createStringBinding(() -> hostCpus.get() > 0 && vcpus.get() > hostCpus.get()
                ? "Overcommitting vCPUs can hurt performance: the host has " + hostCpus.get() + " CPUs" : "",
                vcpus, hostCpus);
    }

    public IntegerProperty vcpusProperty() {
        return vcpus;
    }

    public ReadOnlyIntegerProperty hostCpusProperty() {
        return hostCpus.getReadOnlyProperty();
    }

    public void setHostCpus(int cpus) {
        hostCpus.set(cpus);
    }

    public StringBinding warningProperty() {
        return warning;
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        vcpus.set(domainXml.parse(document.xml(), document.name()).vcpus());
    }

    @Override
    public String applyTo(DomainDocument document) {
        DomainDefinition definition = domainXml.parse(document.xml(), document.name());
        return domainXml.withVcpus(definition, vcpus.get()).xml();
    }
}
