package org.virtfx.app.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.testing.RestrictedConnection;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.task.CurrentThreadTaskExecutor;

/** The Snapshots page on test:///default, tasks run on the calling thread. */
class SnapshotsViewModelTest {
    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final DomainFamily domains = connection.domains();
    private final UUID test = domains.lookup("test").uuid();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final SnapshotsViewModel page = new SnapshotsViewModel(connection, test, new CurrentThreadTaskExecutor(),
            dialogs, ZoneOffset.UTC);

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void createsWithVirtManagersDefaultNamesAndSelectsTheNewSnapshot() {
        page.refresh();
        CreateSnapshotViewModel form = page.newSnapshot();
        assertEquals("snapshot1", form.nameProperty().get());
        assertEquals("Running", form.status());
        form.descriptionProperty().set("before upgrade");
        page.create(form);
        assertEquals(List.of(), dialogs.errors);
        DomainSnapshot created = page.selectedProperty().get();
        assertEquals("snapshot1", created.name());
        assertTrue(created.current());
        assertEquals("before upgrade", page.descriptionProperty().get());
        assertEquals("snapshot2", page.newSnapshot().nameProperty().get());
        CreateSnapshotViewModel clash = page.newSnapshot();
        clash.nameProperty().set("snapshot1");
        assertEquals("A snapshot named 'snapshot1' already exists", clash.problem().orElseThrow());
        clash.nameProperty().set(" ");
        assertEquals("A snapshot name is required", clash.problem().orElseThrow());
        assertFalse(page.busyProperty().get());
    }

    @Test
    void revertAsksVirtManagersQuestionThenRestoresTheState() {
        page.create(page.newSnapshot());
        domains.destroy(test);
        dialogs.answers.add(new ConfirmAnswer(false, false));
        page.revert();
        assertEquals(DomainState.SHUTOFF, domains.lookup("test").state());
        page.revert();
        assertEquals("Are you sure you want to run snapshot 'snapshot1'?", dialogs.asked.get(0).question());
        assertEquals("All disk changes since the last snapshot was created will be discarded.",
                dialogs.asked.get(0).explanation());
        assertEquals(DomainState.RUNNING, domains.lookup("test").state());
    }

    @Test
    void detailsShowTimestampStateAndAnEditableDescription() {
        domains.createSnapshot(test, "<domainsnapshot><name>a</name></domainsnapshot>");
        page.refresh();
        DomainSnapshot a = page.selectedProperty().get();
        assertEquals(SnapshotsViewModel.stateLabel(a.state()), "Running");
        assertEquals(a.creationTime().atZone(ZoneOffset.UTC).toLocalDateTime().toString().replace('T', ' '),
                page.timestamp(a));
        assertFalse(page.descriptionChangedProperty().get());
        page.descriptionProperty().set("known good");
        assertTrue(page.descriptionChangedProperty().get());
        page.applyDescription();
        assertEquals(List.of(), dialogs.errors);
        assertEquals("known good", domains.snapshot(test, "a").description());
        assertTrue(domains.snapshot(test, "a").current());
        assertFalse(page.descriptionChangedProperty().get());
    }

    @Test
    void deleteConfirmsAndEmptiesTheList() {
        page.create(page.newSnapshot());
        page.delete();
        assertEquals("Are you sure you want to permanently delete the selected snapshots?",
                dialogs.asked.get(0).question());
        assertTrue(page.snapshots().isEmpty());
        assertTrue(domains.snapshots(test).isEmpty());
    }

    @Test
    void aDriverWithoutSnapshotsSaysSoInsteadOfFailing() {
        SnapshotsViewModel lxc = new SnapshotsViewModel(RestrictedConnection.without(connection, Feature.SNAPSHOTS), test,
                new CurrentThreadTaskExecutor(),
                dialogs, ZoneOffset.UTC);
        lxc.refresh();
        assertEquals(SnapshotsViewModel.UNSUPPORTED, lxc.unavailableProperty().get());
        assertEquals(List.of(), dialogs.errors);
    }
}
