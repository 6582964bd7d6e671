package org.virtfx.app.tags;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

/**
 * The tags of every domain of the connections it follows, read from their persistent XML in the
 * background and re-read when a domain is defined again (which is how tags change). Read on the
 * UI thread: every update arrives there as a task continuation.
 *
 * <p>Nothing is read until {@link #activate()}: reading a thousand definitions would compete
 * with the manager's start-up, and most sessions never filter or group by tag.
 */
public final class TagIndex implements AutoCloseable {
    private final TaskExecutor tasks;
    private final Map<UUID, List<String>> tags = new HashMap<>();
    /** How many domains carry each tag, in name order: the keys are {@link #allTags}. */
    private final Map<String, Integer> uses = new TreeMap<>();
    private final Map<Connection, EventSource.Subscription> followed = new HashMap<>();
    private final ObservableList<String> allTags = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper version = new ReadOnlyIntegerWrapper();
    private boolean active;

    public TagIndex(TaskExecutor tasks) {
        this.tasks = tasks;
    }

    /** Every tag in use, sorted; what the tag filter offers. */
    public ObservableList<String> allTags() {
        return allTags;
    }

    /** Changes whenever any domain's tags do, for bindings that filter by tag. */
    public ReadOnlyIntegerProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    public List<String> tagsOf(UUID domain) {
        return tags.getOrDefault(domain, List.of());
    }

    /** Follows the connection's definitions; once active, reads the tags of all its domains. */
    public void follow(Connection connection) {
        if (followed.containsKey(connection)) {
            return;
        }
        followed.put(connection, connection.events().subscribe(event -> {
            // On a driver thread: only queue work here; the task reads the flag on the UI thread.
            if (event instanceof DomainEvent e && (e.type() == DomainEvent.Type.DEFINED
                    || e.type() == DomainEvent.Type.UNDEFINED)) {
                read(connection, List.of(e.domain()));
            }
        }));
        if (active) {
            readAll(connection);
        }
    }

    /** Starts reading tags, for every followed connection; called when tags are first needed. */
    public void activate() {
        if (!active) {
            active = true;
            List.copyOf(followed.keySet()).forEach(this::readAll);
        }
    }

    private void readAll(Connection connection) {
        tasks.execute(BackgroundTask.of("Reading tags of " + connection.uri(), progress -> connection.domains().list())
                .onSuccess(list -> read(connection, list)));
    }

    public void forget(Connection connection) {
        EventSource.Subscription subscription = followed.remove(connection);
        if (subscription != null) {
            subscription.close();
        }
    }

    private void read(Connection connection, List<DomainSummary> domains) {
        if (!active) {
            return;
        }
        tasks.execute(BackgroundTask.of("Reading tags", progress -> {
            Map<UUID, List<String>> read = new HashMap<>();
            for (DomainSummary domain : domains) {
                if (!domain.persistent()) {
                    read.put(domain.uuid(), List.of());
                    continue;
                }
                try {
                    read.put(domain.uuid(), DomainTags.read(connection.domains().xml(domain.uuid(), true)));
                } catch (RuntimeException gone) {
                    // Undefined meanwhile: it has no tags any more.
                    read.put(domain.uuid(), List.of());
                }
            }
            return read;
        }).onSuccess(this::update));
    }

    /**
     * Takes what was read, touching only the domains it names: a redefinition (a rename, a
     * new disk) that leaves the tags as they were changes nothing downstream, and the list of
     * all tags changes only when a tag comes into use or goes out of it. Re-counting every
     * domain's tags, and re-filtering every row, on each definition made defining many
     * domains quadratic.
     */
    private void update(Map<UUID, List<String>> read) {
        boolean changed = false;
        for (Map.Entry<UUID, List<String>> entry : read.entrySet()) {
            List<String> now = entry.getValue();
            List<String> before = now.isEmpty() ? tags.remove(entry.getKey()) : tags.put(entry.getKey(), now);
            before = before == null ? List.of() : before;
            if (!before.equals(now)) {
                changed = true;
                before.forEach(tag -> uses.computeIfPresent(tag, (t, n) -> n == 1 ? null : n - 1));
                now.forEach(tag -> uses.merge(tag, 1, Integer::sum));
            }
        }
        if (!changed) {
            return;
        }
        if (!allTags.equals(List.copyOf(uses.keySet()))) {
            allTags.setAll(uses.keySet());
        }
        version.set(version.get() + 1);
    }

    @Override
    public void close() {
        followed.values().forEach(EventSource.Subscription::close);
        followed.clear();
    }
}
