package org.virtfx.app.host;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.capability.DriverLabel;
import org.virtfx.app.ui.DialogService;
import org.virtfx.app.ui.Fact;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.host.NumaCell;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

/** The connection's overview: URI, host name, hypervisor and node facts. */
public final class HostSummaryViewModel {
    private final Connection connection;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();

    /** Parts a driver does not offer are null (or empty) and left out of the facts. */
    private record Host(String hostname, String hypervisor, String version, NodeInfo node, List<NumaCell> cells) {
    }

    public HostSummaryViewModel(Connection connection, TaskExecutor tasks, DialogService dialogs) {
        this.connection = connection;
        this.tasks = tasks;
        this.dialogs = dialogs;
    }

    public ObservableList<Fact> facts() {
        return facts;
    }

    public void load() {
        tasks.execute(BackgroundTask.of("Reading host facts of " + connection.uri(), progress -> {
            var host = connection.host();
            return new Host(host.hostname(), host.hypervisorType(), host.hypervisorVersion().toString(), host.nodeInfo(),
                    host.numaCells());
        }).onSuccess(h -> {
            List<Fact> list = new ArrayList<>();
            list.add(new Fact("Libvirt URI:", connection.uri().text()));
            list.add(new Fact("Driver:", DriverLabel.of(connection)));
            list.add(new Fact("Hostname:", h.hostname()));
            list.add(new Fact("Hypervisor:", (h.hypervisor() + " " + h.version()).strip()));
            list.add(new Fact("CPU model:", h.node().model()));
            list.add(new Fact("CPUs:", h.node().cpus() + " at " + h.node().mhz() + " MHz"));
            list.add(new Fact("Topology:", h.node().numaNodes() + " NUMA node(s), " + h.node().socketsPerNode()
                    + " socket(s) per node, " + h.node().coresPerSocket() + " core(s) per socket, "
                    + h.node().threadsPerCore() + " thread(s) per core"));
            list.add(new Fact("Memory:", h.node().memoryKiB() / 1024 + " MiB"));
            for (NumaCell cell : h.cells()) {
                list.add(new Fact("NUMA cell " + cell.id() + ":", cell.memoryKiB() / 1024 + " MiB, CPUs " + cell.cpus()));
            }
            facts.setAll(list);
        }).onFailure(e -> dialogs.showError("Could not read the host's details", e)));
    }
}
