package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.testing.ForwardingConnection;
import org.virtfx.app.testing.ReadingDomains;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainAcceleration;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/** The Overview's hypervisor rows: what accelerates the guest and why, as the connection tells it. */
class OverviewAccelerationTest {
    private static final String NO_KVM = "KVM is unavailable, /dev/kvm cannot be opened (No such file or directory)";

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection testDriver;
    private DomainWindowViewModel vm;

    @BeforeEach
    void open() {
        testDriver = DriverRegistry.discover().open("test:///default");
    }

    @AfterEach
    void close() {
        vm.close();
        testDriver.close();
    }

    /** test:///default with domains that answer as the QEMU driver would on a host without KVM once off. */
    private Connection accelerated() {
        return new ForwardingConnection(testDriver) {
            @Override
            public DomainFamily domains() {
                return new ReadingDomains(inner.domains()) {
                    @Override
                    public Optional<DomainAcceleration> acceleration(UUID uuid) {
                        boolean running = inner.byUuid(uuid).orElseThrow().isActive();
                        return Optional.of(running
                                ? new DomainAcceleration("KVM", "/dev/kvm opened for reading and writing", true)
                                : new DomainAcceleration("QEMU TCG", NO_KVM, false));
                    }
                };
            }
        };
    }

    private DomainWindowViewModel window(Connection connection) {
        return new DomainWindowViewModel(connection, connection.domains().lookup("test").uuid(), "test default",
                new CurrentThreadTaskExecutor(), dialogs, new Preferences(Settings.defaults(), change -> { }),
                new SchemaValidator(), Runnable::run);
    }

    @Test
    void theOverviewSaysWhatAcceleratesTheGuestAndFollowsItsState() {
        vm = window(accelerated());
        OverviewPage overview = (OverviewPage) vm.pageProperty().get();
        assertTrue(overview.accelerationKnownProperty().get());
        assertEquals("KVM", overview.hypervisorProperty().get());
        assertEquals("/dev/kvm opened for reading and writing", overview.accelerationProperty().get());

        // Stopped elsewhere (virsh, another window): the event makes the window read it again.
        testDriver.domains().destroy(testDriver.domains().lookup("test").uuid());
        assertEquals("QEMU TCG", overview.hypervisorProperty().get());
        assertEquals(NO_KVM + " (at the next start)", overview.accelerationProperty().get());
        assertEquals("i686", overview.architectureProperty().get());
        assertEquals(0, dialogs.errors.size(), dialogs.errors.toString());
    }

    @Test
    void aConnectionThatDoesNotSayHidesTheRowAndNamesTheDomainType() {
        vm = window(testDriver);
        OverviewPage overview = (OverviewPage) vm.pageProperty().get();
        assertFalse(overview.accelerationKnownProperty().get());
        assertEquals("", overview.accelerationProperty().get());
        assertEquals("test (hvm)", overview.hypervisorProperty().get());
        assertEquals("i686", overview.architectureProperty().get());
    }
}
