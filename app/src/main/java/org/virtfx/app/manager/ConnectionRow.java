package org.virtfx.app.manager;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.capability.DriverLabel;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.EventSource;

/**
 * A connection group row and its domains. The properties and the domain list change on the UI
 * thread only; {@link #connection()} is also read by workers, hence volatile.
 */
public final class ConnectionRow implements ManagerRow {
    private static final DateTimeFormatter RETRY_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final String uri;
    private final String title;
    private final BooleanProperty autoconnect = new SimpleBooleanProperty();
    private final ObjectProperty<DriverChoice> driver = new SimpleObjectProperty<>(DriverChoice.AUTO);
    /** Which driver serves the open connection ("built-in test", "libvirt"); empty while there is none. */
    private final ReadOnlyStringWrapper servedBy = new ReadOnlyStringWrapper("");
    private final ObjectProperty<ConnectionStatus> status = new SimpleObjectProperty<>(ConnectionStatus.DISCONNECTED);
    /** Why the connection was closed under us (the daemon died, keepalive timed out); empty otherwise. */
    private final ReadOnlyStringWrapper lostReason = new ReadOnlyStringWrapper("");
    /** When an autoconnect retry is due; null when none is pending. */
    private final ReadOnlyObjectWrapper<Instant> nextRetry = new ReadOnlyObjectWrapper<>();
    private final StringBinding statusText = Bindings.createStringBinding(this::describeStatus, status, servedBy,
            lostReason, nextRetry);
    // The extractor makes a state change an update of the list, so filters on state re-run.
    private final ObservableList<DomainRow> domains = FXCollections.observableArrayList(
            row -> new Observable[] {row.stateProperty(), row.nameProperty()});
    private final Map<UUID, DomainRow> byUuid = new HashMap<>();
    private final List<DomainEvent> eventsBeforeList = new ArrayList<>();
    private volatile Connection connection;
    private EventSource.Subscription subscription;
    private boolean listed;

    ConnectionRow(String uri, boolean autoconnect, DriverChoice driver) {
        this.uri = uri;
        this.title = ConnectionTitles.title(uri);
        this.autoconnect.set(autoconnect);
        this.driver.set(driver);
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    @Override
    public String sortKey() {
        return title;
    }

    public BooleanProperty autoconnectProperty() {
        return autoconnect;
    }

    /** The user's choice of driver for this connection; it applies from the next connect. */
    public ObjectProperty<DriverChoice> driverProperty() {
        return driver;
    }

    public ReadOnlyStringProperty servedByProperty() {
        return servedBy.getReadOnlyProperty();
    }

    public ObjectProperty<ConnectionStatus> statusProperty() {
        return status;
    }

    public ConnectionStatus status() {
        return status.get();
    }

    /**
     * What the row says after its title: the driver serving it while connected (where
     * virt-manager says nothing), "Disconnected (reason)" once its daemon went away, else the status.
     */
    public StringBinding statusTextProperty() {
        return statusText;
    }

    private String describeStatus() {
        String text;
        if (status.get() == ConnectionStatus.DISCONNECTED && !lostReason.get().isEmpty()) {
            text = "Disconnected (" + lostReason.get() + ")";
        } else {
            text = status.get().label().isEmpty() ? servedBy.get() : status.get().label();
        }
        return nextRetry.get() == null ? text
                : text + ", retrying at " + RETRY_TIME.format(nextRetry.get().atZone(ZoneId.systemDefault()));
    }

    /** When the next autoconnect attempt is due, or null. */
    public ReadOnlyObjectProperty<Instant> nextRetryProperty() {
        return nextRetry.getReadOnlyProperty();
    }

    void retryAt(Instant when) {
        nextRetry.set(when);
    }

    /** The domains, in no particular order; views sort and filter them. */
    public ObservableList<DomainRow> domains() {
        return domains;
    }

    public DomainRow domain(UUID uuid) {
        return byUuid.get(uuid);
    }

    /** The open connection, or null; safe to read from workers. */
    public Connection connection() {
        return connection;
    }

    void connected(Connection opened, EventSource.Subscription events) {
        connection = opened;
        lostReason.set("");
        subscription = events;
        servedBy.set(DriverLabel.of(opened));
        listed = false;
        eventsBeforeList.clear();
        status.set(ConnectionStatus.CONNECTING);
    }

    /**
     * Takes the first full list. Events that arrived while it was being read are replayed on top:
     * each carries the domain's state after its change, so the last one for a domain is at least
     * as new as the list, and a change made while the list was read is never lost.
     */
    void listed(List<DomainSummary> summaries, java.util.Set<UUID> managedSaves) {
        List<DomainRow> rows = new ArrayList<>(summaries.size());
        for (DomainSummary summary : summaries) {
            DomainRow row = byUuid.get(summary.uuid());
            if (row == null) {
                row = new DomainRow(this, summary);
                byUuid.put(summary.uuid(), row);
            } else {
                row.apply(summary);
            }
            row.managedSaveProperty().set(managedSaves.contains(summary.uuid()));
            rows.add(row);
        }
        byUuid.values().retainAll(rows);
        domains.setAll(rows);
        listed = true;
        eventsBeforeList.forEach(this::apply);
        eventsBeforeList.clear();
        status.set(ConnectionStatus.CONNECTED);
    }

    /** Applies a lifecycle event; before the first list arrives, keeps it for replay. */
    void apply(DomainEvent event) {
        if (!listed) {
            eventsBeforeList.add(event);
            return;
        }
        DomainSummary summary = event.domain();
        DomainRow row = byUuid.get(summary.uuid());
        // A transient domain that stops, or an inactive one that is undefined, is gone.
        boolean gone = (event.type() == DomainEvent.Type.UNDEFINED && !summary.isActive())
                || (event.type() == DomainEvent.Type.STOPPED && !summary.persistent());
        if (gone) {
            if (row != null) {
                byUuid.remove(summary.uuid());
                domains.remove(row);
            }
            return;
        }
        if (row == null) {
            row = new DomainRow(this, summary);
            byUuid.put(summary.uuid(), row);
            domains.add(row);
        } else {
            row.apply(summary);
        }
    }

    void failed() {
        status.set(ConnectionStatus.FAILED);
    }

    /**
     * The connection was closed under us: forgets it and its rows as {@link #disconnected()}
     * does and keeps the reason to show. Null when {@code closed} is no longer this row's
     * connection (a reconnect got there first).
     */
    Connection lost(Connection closed, String reason) {
        if (connection != closed) {
            return null;
        }
        Connection closing = disconnected();
        lostReason.set(reason);
        return closing;
    }

    /** Forgets the connection and its rows; returns what the caller must close off the UI thread. */
    Connection disconnected() {
        Connection closing = connection;
        connection = null;
        servedBy.set("");
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        byUuid.clear();
        domains.clear();
        eventsBeforeList.clear();
        listed = false;
        lostReason.set("");
        status.set(ConnectionStatus.DISCONNECTED);
        return closing;
    }

    @Override
    public String toString() {
        return title;
    }
}
