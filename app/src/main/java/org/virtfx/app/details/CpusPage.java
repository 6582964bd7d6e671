package org.virtfx.app.details;

import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * virt-manager's CPUs page: vCPU allocation (the current count) and its maximum with the
 * host's CPU count and the overcommit warning; the CPU model, or "Copy host CPU configuration"
 * (host-passthrough); and a manually set topology of sockets, cores and threads, whose product
 * becomes the maximum, as libvirt requires. Where the connection changes a running guest's
 * vCPUs, a new vCPU allocation is plugged into the running guest at once, as virt-manager
 * hot-plugs it; the maximum, model and topology wait for the next shutdown.
 */
public final class CpusPage extends DetailsPage {
    private final DomainXml domainXml;
    private final LiveAllocation live;
    private final IntegerProperty vcpus = new SimpleIntegerProperty(1);
    private final IntegerProperty maxVcpus = new SimpleIntegerProperty(1);
    private final StringProperty model = new SimpleStringProperty(CpuModels.HYPERVISOR_DEFAULT);
    private final BooleanProperty copyHost = new SimpleBooleanProperty();
    private final BooleanProperty manualTopology = new SimpleBooleanProperty();
    private final IntegerProperty sockets = new SimpleIntegerProperty(1);
    private final IntegerProperty cores = new SimpleIntegerProperty(1);
    private final IntegerProperty threads = new SimpleIntegerProperty(1);
    private final ReadOnlyIntegerWrapper hostCpus = new ReadOnlyIntegerWrapper();
    private final ReadOnlyObjectWrapper<List<String>> models = new ReadOnlyObjectWrapper<>(CpuModels.forArch(""));
    private final StringBinding warning;
    private final ReadOnlyStringWrapper copyHostLabel = new ReadOnlyStringWrapper();
    private String copiedMode = "host-passthrough";
    private int loadedVcpus;
    private Shape loadedShape;

    /** Everything on the page but the vCPU allocation: what only a shutdown applies. */
    private record Shape(int maxVcpus, String model, boolean copyHost, boolean manual, int sockets, int cores,
                         int threads) {
    }

    /** @param liveResources whether the connection changes a running guest's vCPUs ({@code LIVE_RESOURCE_CHANGES}) */
    public CpusPage(DomainXml domainXml, boolean liveResources) {
        this.domainXml = domainXml;
        this.live = new LiveAllocation(liveResources, "vCPU allocation", "vCPUs", "the other changes take effect");
        track(vcpus, maxVcpus, model, copyHost, manualTopology, sockets, cores, threads);
        warning = Bindings.createStringBinding(() -> hostCpus.get() > 0 && vcpus.get() > hostCpus.get()
                ? "Overcommitting vCPUs can hurt performance: the host has " + hostCpus.get() + " CPUs" : "",
                vcpus, hostCpus);
        vcpus.addListener((obs, was, now) -> {
            if (now.intValue() > maxVcpus.get() && !manualTopology.get()) {
                maxVcpus.set(now.intValue());
            }
        });
        // Until the topology is set by hand it follows the maximum, so ticking the box keeps the count.
        maxVcpus.addListener((obs, was, now) -> {
            if (!manualTopology.get()) {
                sockets.set(now.intValue());
                cores.set(1);
                threads.set(1);
            }
        });
        // With a manual topology the maximum is its product, as virt-manager keeps it.
        javafx.beans.InvalidationListener product = o -> {
            if (manualTopology.get()) {
                maxVcpus.set(sockets.get() * cores.get() * threads.get());
                if (vcpus.get() > maxVcpus.get()) {
                    vcpus.set(maxVcpus.get());
                }
            }
        };
        for (var field : List.of(manualTopology, sockets, cores, threads)) {
            field.addListener(product);
        }
    }

    public IntegerProperty vcpusProperty() {
        return vcpus;
    }

    public IntegerProperty maxVcpusProperty() {
        return maxVcpus;
    }

    /** A name from {@link #modelsProperty()} or any model the hypervisor knows. */
    public StringProperty modelProperty() {
        return model;
    }

    public BooleanProperty copyHostProperty() {
        return copyHost;
    }

    public BooleanProperty manualTopologyProperty() {
        return manualTopology;
    }

    public IntegerProperty socketsProperty() {
        return sockets;
    }

    public IntegerProperty coresProperty() {
        return cores;
    }

    public IntegerProperty threadsProperty() {
        return threads;
    }

    public ReadOnlyObjectProperty<List<String>> modelsProperty() {
        return models.getReadOnlyProperty();
    }

    /** "Copy host CPU configuration", with the mode in brackets when the guest has one, as virt-manager labels it. */
    public ReadOnlyStringProperty copyHostLabelProperty() {
        return copyHostLabel.getReadOnlyProperty();
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
        DomainDefinition definition = domainXml.parse(document.xml(), document.name());
        models.set(CpuModels.forArch(document.architecture()));
        XmlElement cpu = new DomainDocument(definition.xml()).cpu().orElse(new XmlElement("cpu"));
        XmlElement topology = cpu.child("topology").orElse(null);
        manualTopology.set(false);
        maxVcpus.set(definition.maxVcpus());
        // Without a topology of its own, one socket per vCPU, as virt-manager shows it.
        sockets.set(topology == null ? definition.maxVcpus() : topologyPart(topology, "sockets"));
        cores.set(topologyPart(topology, "cores"));
        threads.set(topologyPart(topology, "threads"));
        manualTopology.set(topology != null);
        maxVcpus.set(definition.maxVcpus());
        vcpus.set(definition.vcpus());
        String mode = cpu.attribute("mode").orElse("");
        copyHost.set(mode.equals("host-passthrough") || mode.equals("host-model"));
        copiedMode = copyHost.get() ? mode : "host-passthrough";
        copyHostLabel.set("Copy host CPU configuration" + (copyHost.get() ? " (" + mode + ")" : ""));
        model.set(cpu.childText("model").filter(m -> !m.isBlank())
                .orElse(CpuModels.SPECIAL_MODES.contains(mode) ? mode : CpuModels.HYPERVISOR_DEFAULT));
        loadedVcpus = vcpus.get();
        loadedShape = shape();
    }

    private Shape shape() {
        return new Shape(maxVcpus.get(), model.get(), copyHost.get(), manualTopology.get(), sockets.get(), cores.get(),
                threads.get());
    }

    @Override
    protected String whenApplied() {
        return live.whenApplied(!shape().equals(loadedShape));
    }

    /** The running guest gets the new vCPU count; a refusal is told in the driver's words. */
    @Override
    public Optional<String> applyOutsideXml(PersistentDefinition definition) {
        int count = vcpus.get();
        return live.apply(loadedRunning(), count != loadedVcpus, !shape().equals(loadedShape),
                () -> definition.setLiveVcpus(count), count + (count == 1 ? " vCPU" : " vCPUs"));
    }

    private static int topologyPart(XmlElement topology, String part) {
        return topology == null ? 1 : topology.attribute(part).map(Integer::parseInt).orElse(1);
    }

    @Override
    public String applyTo(DomainDocument document) {
        if (vcpus.get() < 1 || vcpus.get() > maxVcpus.get()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "The vCPU allocation must be between 1 and the maximum, "
                    + maxVcpus.get());
        }
        String chosen = model.get() == null ? "" : model.get().strip();
        return document.edited(root -> {
            XmlElement vcpu = root.child("vcpu").orElseGet(() -> {
                XmlElement created = new XmlElement("vcpu").setAttribute("placement", "static");
                root.insertAfter("currentMemory", created);
                return created;
            });
            vcpu.setText(Integer.toString(maxVcpus.get()));
            if (vcpus.get() < maxVcpus.get()) {
                vcpu.setAttribute("current", Integer.toString(vcpus.get()));
            } else {
                vcpu.removeAttribute("current");
            }
            XmlElement cpu = root.child("cpu").orElseGet(() -> {
                XmlElement created = new XmlElement("cpu");
                XmlPlacement.afterLast(root, created, "os", "idmap", "features");
                return created;
            });
            setModel(cpu, copyHost.get() ? copiedMode : chosen);
            cpu.child("topology").ifPresent(cpu::remove);
            if (manualTopology.get()) {
                XmlElement topology = new XmlElement("topology").setAttribute("sockets", Integer.toString(sockets.get()))
                        .setAttribute("dies", "1").setAttribute("cores", Integer.toString(cores.get()))
                        .setAttribute("threads", Integer.toString(threads.get()));
                XmlPlacement.afterLast(cpu, topology, "model", "vendor");
            }
            if (cpu.attributes().isEmpty() && cpu.children().isEmpty()) {
                root.remove(cpu);
            }
        });
    }

    /** The mode and model libvirt reads for {@code chosen}; a default drops both, as virt-manager clears them. */
    private static void setModel(XmlElement cpu, String chosen) {
        cpu.child("model").ifPresent(cpu::remove);
        cpu.removeAttribute("match");
        cpu.removeAttribute("check");
        if (chosen.isEmpty() || chosen.equals(CpuModels.HYPERVISOR_DEFAULT)) {
            cpu.removeAttribute("mode");
        } else if (CpuModels.SPECIAL_MODES.contains(chosen)) {
            cpu.setAttribute("mode", chosen);
        } else {
            cpu.setAttribute("mode", "custom").setAttribute("match", "exact");
            cpu.insert(0, new XmlElement("model").setAttribute("fallback", "allow").setText(chosen));
        }
    }
}
