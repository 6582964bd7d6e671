package org.virtfx.app.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.testing.ForwardingConnection;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionDriver;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.ConnectionClosedEvent;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.task.CurrentThreadTaskExecutor;

/** Autoconnect connections that fail or drop are tried again, later each time, and the row says when. */
class AutoconnectRetryTest {
    private static final Instant START = Instant.parse("2026-12-05T03:00:00Z");

    @TempDir
    Path dir;
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private final EventBus closer = new EventBus();
    /** Whether the host answers; the driver fails while it does not. */
    private boolean hostUp;
    private int opens;

    /** A timer the test fires by hand, with a clock that moves to each fired task's time. */
    private static final class HandTimer implements RetryTimer {
        record Task(Duration delay, Runnable work, boolean[] cancelled) {
        }

        final List<Task> tasks = new ArrayList<>();
        Instant now = START;

        @Override
        public Runnable after(Duration delay, Runnable work) {
            Task task = new Task(delay, work, new boolean[1]);
            tasks.add(task);
            return () -> task.cancelled()[0] = true;
        }

        @Override
        public Instant now() {
            return now;
        }

        List<Duration> pendingDelays() {
            return tasks.stream().filter(t -> !t.cancelled()[0]).map(Task::delay).toList();
        }

        void fire() {
            List<Task> due = tasks.stream().filter(t -> !t.cancelled()[0]).toList();
            tasks.clear();
            for (Task task : due) {
                now = now.plus(task.delay());
                task.work().run();
            }
        }
    }

    private final HandTimer timer = new HandTimer();

    private ManagerViewModel manager() {
        ConnectionDriver flaky = new ConnectionDriver() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public DriverKind kind() {
                return DriverKind.LIBVIRT;
            }

            @Override
            public Set<String> schemes() {
                return Set.of("flaky");
            }

            @Override
            public Optional<Connection> open(ConnectionUri uri) {
                opens++;
                if (!hostUp) {
                    throw new VirtException(ErrorCode.NO_CONNECT, "unable to connect to server: Connection refused");
                }
                return Optional.of(new ForwardingConnection(DriverRegistry.discover().open("test:///default")) {
                    @Override
                    public EventSource events() {
                        return closer;
                    }
                });
            }
        };
        return new ManagerViewModel(new DriverRegistry(List.of(flaky)), new CurrentThreadTaskExecutor(),
                new UiChangeQueue(Runnable::run), dialogs, new SettingsStore(dir.resolve("settings.conf")),
                Settings.defaults(), row -> { }, timer);
    }

    private static String at(Instant when) {
        return DateTimeFormatter.ofPattern("HH:mm:ss").format(when.atZone(ZoneId.systemDefault()));
    }

    @Test
    void aFailingAutoconnectRetriesLaterEachTimeShowsWhenAndConnectTriesAtOnce() {
        ManagerViewModel manager = manager();
        ConnectionRow row = manager.addConnection("flaky://host/system", true);
        assertEquals(ConnectionStatus.FAILED, row.status());
        assertEquals(1, dialogs.errors.size(), "the first failure is shown: " + dialogs.errors);
        assertEquals(List.of(Duration.ofSeconds(5)), timer.pendingDelays());
        assertEquals("Connection failed, retrying at " + at(START.plusSeconds(5)), row.statusTextProperty().get());

        timer.fire();
        assertEquals(2, opens);
        assertEquals(1, dialogs.errors.size(), "a retry's failure is on the row, not in another dialog");
        assertEquals(List.of(Duration.ofSeconds(10)), timer.pendingDelays());
        assertEquals(START.plusSeconds(15), row.nextRetryProperty().get());

        // Connect tries at once and drops the pending retry; the wait keeps growing.
        manager.connect(row);
        assertEquals(3, opens);
        assertEquals(List.of(Duration.ofSeconds(20)), timer.pendingDelays());

        hostUp = true;
        timer.fire();
        assertEquals(4, opens);
        assertEquals(ConnectionStatus.CONNECTED, row.status());
        assertNull(row.nextRetryProperty().get());
        assertEquals("built-in test", row.statusTextProperty().get());

        // A drop after a success starts again at the shortest wait.
        hostUp = false;
        closer.publish(new ConnectionClosedEvent("end of file from the server"));
        assertEquals(List.of(Duration.ofSeconds(5)), timer.pendingDelays());
        assertEquals("Disconnected (end of file from the server), retrying at " + at(timer.now.plusSeconds(5)),
                row.statusTextProperty().get());
        hostUp = true;
        timer.fire();
        assertEquals(ConnectionStatus.CONNECTED, row.status());

        // Disconnect by the person: no retry.
        manager.disconnect(row);
        assertEquals(List.of(), timer.pendingDelays());
        assertEquals("Not Connected", row.statusTextProperty().get());
    }

    @Test
    void aConnectionNotMarkedAutoconnectIsNotRetried() {
        ManagerViewModel manager = manager();
        ConnectionRow row = manager.addConnection("flaky://host/system", false);
        assertEquals(ConnectionStatus.FAILED, row.status());
        assertEquals(List.of(), timer.pendingDelays());
        assertEquals("Connection failed", row.statusTextProperty().get());
        assertTrue(row.nextRetryProperty().get() == null);
    }

    @Test
    void theWaitDoublesFromFiveSecondsToFiveMinutes() {
        assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 160L, 300L, 300L), java.util.stream.IntStream.rangeClosed(1, 8)
                .mapToObj(n -> AutoconnectRetries.delay(n).toSeconds()).toList());
    }
}
