package org.virtfx.app.hostdetails;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.app.ui.Confirmation;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/** The Virtual Networks tab: the list, the selected network's details, and its actions. */
public final class NetworksViewModel {
    private final Connection connection;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final SchemaValidator schema;
    private final ObservableList<NetworkSummary> networks = FXCollections.observableArrayList();
    private final ObjectProperty<NetworkSummary> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<NetworkDetails> details = new ReadOnlyObjectWrapper<>();

    public NetworksViewModel(Connection connection, TaskExecutor tasks, DialogService dialogs, SchemaValidator schema) {
        this.connection = connection;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.schema = schema;
        selected.addListener((obs, was, now) -> readDetails(now));
    }

    public ObservableList<NetworkSummary> networks() {
        return networks;
    }

    public ObjectProperty<NetworkSummary> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<NetworkDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public Set<String> names() {
        Set<String> names = new HashSet<>();
        networks.forEach(n -> names.add(n.name()));
        return names;
    }

    public void load() {
        UUID keep = selected.get() == null ? null : selected.get().uuid();
        tasks.execute(BackgroundTask.of("Listing networks of " + connection.uri(), progress ->
                connection.networks().list().stream().sorted(Comparator.comparing(NetworkSummary::name)).toList())
                .onSuccess(list -> {
                    networks.setAll(list);
                    selected.set(list.stream().filter(n -> n.uuid().equals(keep)).findFirst()
                            .orElse(list.isEmpty() ? null : list.get(0)));
                })
                .onFailure(e -> dialogs.showError("Could not list the virtual networks", e)));
    }

    private void readDetails(NetworkSummary network) {
        if (network == null) {
            details.set(null);
            return;
        }
        tasks.execute(BackgroundTask.of("Reading network " + network.name(), progress ->
                NetworkDetails.of(network, connection.networks().xml(network.uuid(), false)))
                .onSuccess(read -> {
                    if (network.equals(selected.get())) {
                        details.set(read);
                    }
                })
                .onFailure(e -> dialogs.showError("Could not read network " + network.name(), e)));
    }

    public void start() {
        act("Starting", n -> connection.networks().start(n.uuid()));
    }

    public void stop() {
        act("Stopping", n -> connection.networks().destroy(n.uuid()));
    }

    public void setAutostart(boolean autostart) {
        act(autostart ? "Enabling autostart of" : "Disabling autostart of",
                n -> connection.networks().setAutostart(n.uuid(), autostart));
    }

    /** Deletes the selected network after asking; an active one is stopped first. */
    public void delete() {
        NetworkSummary n = selected.get();
        if (n == null) {
            return;
        }
        ConfirmAnswer answer = dialogs.confirm(new Confirmation("Delete network",
                "Are you sure you want to permanently delete the network " + n.name() + "?",
                n.active() ? "The network is active: it will be stopped first." : "", false));
        if (answer.accepted()) {
            act("Deleting", net -> {
                if (net.active()) {
                    connection.networks().destroy(net.uuid());
                }
                if (net.persistent()) {
                    connection.networks().undefine(net.uuid());
                }
            });
        }
    }

    /** Defines the network a create wizard built and starts it, as virt-manager does. */
    public void create(String networkXml) {
        tasks.execute(BackgroundTask.of("Creating network", progress -> {
            schema.validate(SchemaValidator.Kind.NETWORK, networkXml, "(network)");
            NetworkSummary created = connection.networks().define(networkXml);
            connection.networks().start(created.uuid());
            return created;
        }).onSuccess(created -> {
            load();
            dialogs.notify("Network " + created.name() + " created and started");
        }).onFailure(e -> dialogs.showError("Error creating virtual network", e)));
    }

    private interface NetworkAction {
        void apply(NetworkSummary network) throws Exception;
    }

    private void act(String what, NetworkAction action) {
        NetworkSummary n = selected.get();
        if (n == null) {
            return;
        }
        tasks.execute(BackgroundTask.ofAction(what + " network " + n.name(), () -> action.apply(n))
                .onSuccess(v -> load())
                .onFailure(e -> dialogs.showError(what + " network " + n.name() + " failed", e)));
    }
}
