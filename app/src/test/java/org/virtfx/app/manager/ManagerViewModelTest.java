package org.virtfx.app.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.settings.ConfirmKind;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.testing.ForwardingConnection;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionDriver;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.ConnectionClosedEvent;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.task.TaskExecutor;

/**
 * The manager's view model on the real test driver, with tasks run on the calling thread and
 * UI changes applied at once: every outcome is visible as soon as a method returns.
 */
class ManagerViewModelTest {
    @TempDir
    Path dir;

    private final RecordingDialogs dialogs = new RecordingDialogs();
    private final List<String> taskTitles = new ArrayList<>();
    private final List<DomainRow> opened = new ArrayList<>();
    private SettingsStore store;
    private ManagerViewModel vm;
    private ConnectionRow connection;

    @BeforeEach
    void open() throws Exception {
        store = new SettingsStore(dir.resolve("config/virtfx/settings.conf"));
        TaskExecutor counting = new TaskExecutor() {
            private final CurrentThreadTaskExecutor inner = new CurrentThreadTaskExecutor();

            @Override
            public <T> TaskHandle execute(BackgroundTask<T> task) {
                taskTitles.add(task.title());
                return inner.execute(task);
            }
        };
        vm = new ManagerViewModel(DriverRegistry.discover(), counting, new UiChangeQueue(Runnable::run),
                dialogs, store, Settings.defaults(), opened::add);
        Path node = NodeFiles.write(dir, 60, 60);
        connection = vm.addConnection("test://" + node, false);
    }

    @AfterEach
    void close() {
        vm.disconnect(connection);
    }

    private DomainRow row(String name) {
        return connection.domains().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void connectingListsEveryDomainWithItsState() {
        assertEquals(ConnectionStatus.CONNECTED, connection.status());
        assertEquals(120, connection.domains().size());
        assertEquals("Running", row("vm0000").stateText());
        assertEquals("Shutoff", row("vm0060").stateText());
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
    }

    @Test
    void aLoadThatGrewTheHeapIsCollectedOnceItsRowsAreBuilt() {
        List<Integer> rowsAtCollection = new ArrayList<>();
        ManagerViewModel[] grown = new ManagerViewModel[1];
        java.util.Iterator<Long> committed = List.of(50L << 20, (50L << 20) + HeapGrowth.WORTH_COLLECTING).iterator();
        grown[0] = new ManagerViewModel(DriverRegistry.discover(), new CurrentThreadTaskExecutor(),
                new UiChangeQueue(Runnable::run), dialogs, store, Settings.defaults(), opened::add,
                RetryTimer.daemon(), new HeapGrowth(committed::next,
                        () -> rowsAtCollection.add(grown[0].connections().get(0).domains().size())));
        ConnectionRow loaded = grown[0].addConnection("test://" + dir.resolve("node-60-60.xml"), false);
        try {
            assertEquals(List.of(120), rowsAtCollection, "one collection, after the rows");
            assertEquals(120, loaded.domains().size());
        } finally {
            grown[0].disconnect(loaded);
        }
    }

    @Test
    void actionsAreEnabledOnlyWhenTheyApplyToTheSelection() {
        vm.selection().setAll(row("vm0000"));
        assertFalse(vm.enabledProperty(DomainAction.RUN).get());
        assertTrue(vm.enabledProperty(DomainAction.PAUSE).get());
        assertFalse(vm.enabledProperty(DomainAction.RESUME).get());
        assertTrue(vm.enabledProperty(DomainAction.FORCE_OFF).get());
        vm.selection().setAll(row("vm0060"));
        assertTrue(vm.enabledProperty(DomainAction.RUN).get());
        assertFalse(vm.enabledProperty(DomainAction.FORCE_OFF).get());
        vm.selection().clear();
        assertFalse(vm.canOpenProperty().get());
    }

    @Test
    void pauseAndResumeChangeTheRowThroughTheDriversEvents() {
        DomainRow vm0 = row("vm0000");
        vm.selection().setAll(vm0);
        vm.perform(DomainAction.PAUSE);
        assertEquals("Paused", vm0.stateText());
        assertTrue(vm.enabledProperty(DomainAction.RESUME).get(), "the enabled actions follow the new state");
        vm.perform(DomainAction.RESUME);
        assertEquals("Running", vm0.stateText());
        assertTrue(dialogs.asked.isEmpty(), "pause does not ask by default");
    }

    @Test
    void forceOffAsksAndNoChangesNothing() {
        DomainRow vm0 = row("vm0000");
        vm.selection().setAll(vm0);
        dialogs.answers.add(new ConfirmAnswer(false, false));
        vm.perform(DomainAction.FORCE_OFF);
        assertEquals("Are you sure you want to force poweroff 'vm0000'?", dialogs.asked.get(0).question());
        assertEquals(DomainState.RUNNING, vm0.state());
        vm.perform(DomainAction.FORCE_OFF);
        assertEquals(DomainState.SHUTOFF, vm0.state());
    }

    @Test
    void dontAskAgainIsRememberedInTheSettingsFile() throws Exception {
        vm.selection().setAll(row("vm0001"));
        dialogs.answers.add(new ConfirmAnswer(true, true));
        vm.perform(DomainAction.FORCE_OFF);
        assertFalse(store.load().asks(ConfirmKind.FORCE_OFF));
        vm.selection().setAll(row("vm0002"));
        vm.perform(DomainAction.FORCE_OFF);
        assertEquals(1, dialogs.asked.size(), "the second force off did not ask");
        assertEquals(DomainState.SHUTOFF, row("vm0002").state());
        assertEquals(List.of("test://" + dir.resolve("node-60-60.xml")),
                store.load().connections().stream().map(c -> c.uri()).toList());
    }

    @Test
    void startingFiftySelectedDomainsRunsFiftyTasksWithProgress() {
        List<DomainRow> off = connection.domains().stream().filter(r -> r.state() == DomainState.SHUTOFF)
                .limit(50).toList();
        vm.selection().setAll(off);
        taskTitles.clear();
        vm.perform(DomainAction.RUN);
        assertEquals(50, taskTitles.stream().filter(t -> t.startsWith("Run vm")).count());
        assertTrue(off.stream().allMatch(r -> r.state() == DomainState.RUNNING));
        assertEquals(50, vm.bulkTotalProperty().get());
        assertEquals(50, vm.bulkDoneProperty().get());
        assertEquals("Run: 50 of 50 domains done", vm.statusProperty().get());
    }

    @Test
    void aDriverErrorShowsASummaryWithTheDriversMessage() throws Exception {
        // Events wait in this queue until drained, as they would behind a busy UI thread, so
        // the second Run below acts on a row that still shows the domain as shut off.
        java.util.ArrayDeque<Runnable> uiThread = new java.util.ArrayDeque<>();
        ManagerViewModel slow = new ManagerViewModel(DriverRegistry.discover(), new CurrentThreadTaskExecutor(),
                new UiChangeQueue(uiThread::add), dialogs, store, Settings.defaults(), opened::add);
        ConnectionRow other = slow.addConnection("test://" + dir.resolve("node-60-60.xml"), false);
        drain(uiThread);
        DomainRow vm60 = other.domains().stream().filter(r -> r.name().equals("vm0060")).findFirst().orElseThrow();
        slow.selection().setAll(vm60);
        slow.perform(DomainAction.RUN);
        slow.perform(DomainAction.RUN);
        drain(uiThread);
        assertEquals(1, dialogs.errors.size(), dialogs.errors.toString());
        assertTrue(dialogs.errors.get(0).startsWith(
                "Error: could not start 'vm0060' | Requested operation is not valid: "), dialogs.errors.get(0));
        assertEquals(DomainState.RUNNING, vm60.state());
        slow.disconnect(other);
    }

    private static void drain(java.util.ArrayDeque<Runnable> queue) {
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
    }

    @Test
    void deleteRemovesTheRowAfterAsking() {
        vm.selection().setAll(row("vm0060"));
        vm.perform(DomainAction.DELETE);
        assertEquals("Are you sure you want to delete 'vm0060'?", dialogs.asked.get(0).question());
        assertTrue(connection.domains().stream().noneMatch(r -> r.name().equals("vm0060")));
    }

    @Test
    void saveCloneAndMigrateApplyAsInVirtManager() {
        vm.selection().setAll(row("vm0000"));
        assertTrue(vm.enabledProperty(DomainAction.SAVE).get());
        assertTrue(vm.canMigrateProperty().get());
        assertFalse(vm.canCloneProperty().get());
        vm.selection().setAll(row("vm0060"));
        assertFalse(vm.enabledProperty(DomainAction.SAVE).get());
        assertTrue(vm.canMigrateProperty().get(), "offline");
        assertTrue(vm.canCloneProperty().get());
        vm.selection().setAll(row("vm0060"), row("vm0061"));
        assertFalse(vm.canCloneProperty().get(), "one VM at a time");
        assertTrue(vm.cloneSelected().isEmpty());
    }

    @Test
    void saveAsksUnderPoweroffAndShowsTheVmAsSaved() {
        vm.selection().setAll(row("vm0001"));
        vm.perform(DomainAction.SAVE);
        assertEquals("Are you sure you want to save 'vm0001'?", dialogs.asked.get(0).question());
        assertEquals(DomainState.SHUTOFF, row("vm0001").state());
        assertEquals("Saved", row("vm0001").stateText());
        assertTrue(row("vm0001").managedSaveProperty().get());
        vm.perform(DomainAction.RUN);
        assertEquals("Running", row("vm0001").stateText());
    }

    @Test
    void migrateOffersNoHostWhereTheConnectionCannotMigrate() {
        vm.selection().setAll(row("vm0000"));
        var migrate = vm.migrateSelected().orElseThrow();
        assertTrue(migrate.hosts().isEmpty());
        assertTrue(migrate.hostsNote().endsWith("' cannot migrate guests."), migrate.hostsNote());
        assertFalse(migrate.canMigrateProperty().get());
    }

    @Test
    void deletingOneVmOpensTheDialogAndSeveralAreAskedOnce() {
        vm.selection().setAll(row("vm0060"));
        assertTrue(vm.deleteSelected().isPresent());
        assertTrue(dialogs.asked.isEmpty());
        vm.selection().setAll(row("vm0060"), row("vm0061"));
        assertTrue(vm.deleteSelected().isEmpty());
        assertEquals("Are you sure you want to delete 2 virtual machines?", dialogs.asked.get(0).question());
        assertTrue(connection.domains().stream().noneMatch(r -> r.name().equals("vm0061")));
    }

    @Test
    void theFilterMatchesNameSubstringsAndStates() {
        var filter = vm.filterProperty();
        vm.filterTextProperty().set("VM006");
        assertTrue(filter.get().test(row("vm0060")));
        assertFalse(filter.get().test(row("vm0000")));
        vm.filterTextProperty().set("");
        vm.stateFilters().add(StateFilter.SHUTOFF);
        assertEquals(60, connection.domains().stream().filter(filter.get()).count());
        long running = connection.domains().stream().filter(r -> r.state() == DomainState.RUNNING).count();
        vm.stateFilters().add(StateFilter.RUNNING);
        assertEquals(60 + running, connection.domains().stream().filter(filter.get()).count(), "either state passes");
        vm.stateFilters().clear();
        assertEquals(connection.domains().size(), connection.domains().stream().filter(filter.get()).count());
    }

    @Test
    void theFilterFollowsARenamedDomainIgnoringCase() {
        DomainRow vm5 = row("vm0005");
        vm.filterTextProperty().set("WEB");
        assertFalse(vm.filterProperty().get().test(vm5));
        connection.apply(new DomainEvent(new DomainSummary("Web-Front", vm5.uuid(), -1, DomainState.SHUTOFF,
                StateReason.UNKNOWN, true, false), DomainEvent.Type.DEFINED, ""));
        assertEquals("Web-Front", vm5.name());
        assertTrue(vm.filterProperty().get().test(vm5), "the new name matches, in any case");
        vm.filterTextProperty().set("vm0005");
        assertFalse(vm.filterProperty().get().test(vm5), "the old name no longer does");
    }

    @Test
    void domainsArriveInTheNameColumnsOrderWhateverTheDriversOrder() {
        List<DomainSummary> listed = List.of(summary("beta"), summary("Alpha"), summary("gamma"), summary("ALPHA2"));
        assertEquals(List.of("Alpha", "ALPHA2", "beta", "gamma"),
                ManagerViewModel.inNameOrder(listed).stream().map(DomainSummary::name).toList());
        List<String> names = connection.domains().stream().map(DomainRow::name).toList();
        assertEquals(names.stream().sorted(ManagerRow.NAME_ORDER).toList(), names);
    }

    private static DomainSummary summary(String name) {
        return new DomainSummary(name, java.util.UUID.randomUUID(), -1, DomainState.SHUTOFF, StateReason.UNKNOWN,
                true, false);
    }

    @Test
    void onlyVisibleRunningRowsArePolledForCpu() {
        DomainRow shown = row("vm0003");
        DomainRow hidden = row("vm0004");
        vm.rowShown(shown);
        vm.rowShown(row("vm0061"));
        taskTitles.clear();
        // A usage figure needs two samples of CPU time, so three polls draw two points.
        vm.pollVisibleStats();
        vm.pollVisibleStats();
        vm.pollVisibleStats();
        assertEquals(2, shown.cpuHistory().length);
        assertEquals(0, hidden.cpuHistory().length);
        assertEquals(0, row("vm0061").cpuHistory().length, "a shut-off guest is not polled");
        assertTrue(shown.cpuHistory()[1] >= 0 && shown.cpuHistory()[1] <= 100);
        vm.rowHidden(shown);
        vm.pollVisibleStats();
        assertEquals(2, shown.cpuHistory().length, "a row no cell shows is not polled");
        assertEquals(List.of(), taskTitles, "a poll is a refresh, not a task in the task list");
        assertEquals(1, vm.visibleRowCount());
    }

    @Test
    void unknownUrisFailWithTheDriverListAndAnErrorDialog() {
        ConnectionRow bad = vm.addConnection("nosuch:///x", false);
        assertEquals(ConnectionStatus.FAILED, bad.status());
        assertTrue(dialogs.errors.get(0).startsWith("Unable to connect to nosuch:///x | no connection driver"),
                dialogs.errors.toString());
    }

    @Test
    void theRowSaysWhichDriverServesItAndTheChoiceIsRemembered() throws Exception {
        assertEquals("built-in test", connection.servedByProperty().get());
        ConnectionRow builtin = vm.addConnection("test:///default", false, Optional.of(DriverChoice.BUILTIN));
        assertEquals(ConnectionStatus.CONNECTED, builtin.status());
        assertEquals(DriverChoice.BUILTIN, store.load().connections().stream()
                .filter(c -> c.uri().equals("test:///default")).findFirst().orElseThrow().driver());
        vm.disconnect(builtin);
        assertEquals("", builtin.servedByProperty().get());

        ConnectionRow libvirt = vm.addConnection("test:///default", false, Optional.of(DriverChoice.LIBVIRT));
        assertEquals(ConnectionStatus.CONNECTED, libvirt.status(), "libvirt's own test driver, through libvirt.so.0");
        assertEquals("libvirt", libvirt.servedByProperty().get());
        assertEquals(DriverChoice.LIBVIRT, store.load().connections().stream()
                .filter(c -> c.uri().equals("test:///default")).findFirst().orElseThrow().driver());
        // libvirt keeps test:///default's state while a connection is open: leave none for later tests.
        vm.disconnect(libvirt);
    }

    @Test
    void openAsksForTheSelectedDomainsWindow() {
        vm.selection().setAll(row("vm0005"));
        vm.open();
        assertEquals(List.of(row("vm0005")), opened);
    }

    @Test
    void aConnectionClosedUnderUsSaysDisconnectedWithTheReasonAndConnectOpensItAgain() {
        EventBus closer = new EventBus();
        List<Connection> closed = new ArrayList<>();
        ConnectionDriver losing = new ConnectionDriver() {
            @Override
            public String name() {
                return "losing";
            }

            @Override
            public DriverKind kind() {
                return DriverKind.LIBVIRT;
            }

            @Override
            public Set<String> schemes() {
                return Set.of("lost");
            }

            @Override
            public Optional<Connection> open(ConnectionUri uri) {
                return Optional.of(new ForwardingConnection(DriverRegistry.discover().open("test:///default")) {
                    @Override
                    public EventSource events() {
                        return closer;
                    }

                    @Override
                    public void close() {
                        closed.add(this);
                        inner.close();
                    }
                });
            }
        };
        ManagerViewModel manager = new ManagerViewModel(new DriverRegistry(List.of(losing)),
                new CurrentThreadTaskExecutor(), new UiChangeQueue(Runnable::run), dialogs, store, Settings.defaults(),
                opened::add);
        ConnectionRow row = manager.addConnection("lost:///system", false);
        Connection first = row.connection();
        assertEquals(1, row.domains().size());
        assertEquals("built-in test", row.statusTextProperty().get());

        closer.publish(new ConnectionClosedEvent("keepalive timeout"));
        assertEquals(ConnectionStatus.DISCONNECTED, row.status());
        assertEquals("Disconnected (keepalive timeout)", row.statusTextProperty().get());
        assertTrue(row.domains().isEmpty());
        assertEquals(List.of(first), closed, "the lost connection is closed");
        assertEquals("Disconnected from " + row.title() + ": keepalive timeout", manager.statusProperty().get());

        manager.connect(row);
        assertEquals(ConnectionStatus.CONNECTED, row.status());
        assertEquals("built-in test", row.statusTextProperty().get(), "the reason goes with a new connection");
        assertEquals(1, row.domains().size());
        closer.publish(new ConnectionClosedEvent("end of file from the server"));
        manager.disconnect(row);
        assertEquals("Not Connected", row.statusTextProperty().get(), "Disconnect forgets the reason");
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
    }
}
