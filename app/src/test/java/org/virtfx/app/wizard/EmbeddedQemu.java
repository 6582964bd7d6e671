package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;

/**
 * A private {@code qemu:///embed} connection under a test's folder, for the wizard on real QEMU.
 * Closing it destroys and undefines every machine the test made.
 */
final class EmbeddedQemu implements AutoCloseable {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    final Connection connection;

    private EmbeddedQemu(Connection connection) {
        this.connection = connection;
    }

    /** Opens one under {@code dir}; skipped without QEMU (failed under CI=true). */
    static EmbeddedQemu open(Path dir) {
        require(Files.isExecutable(QEMU), "qemu-system-x86");
        return new EmbeddedQemu(DriverRegistry.discover().open("qemu:///embed?root=" + dir.resolve("root")));
    }

    /** Skips the test when a Debian package it needs is missing, and fails it so under CI=true. */
    static void require(boolean present, String debianPackage) {
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(debianPackage + " is required under CI=true");
        }
        assumeTrue(present, "skipped: " + debianPackage + " is not installed");
    }

    /** Goes on to Finish with a machine small enough for this shared host (256 MiB, no disk), and finishes. */
    static void finishSmall(NewDomainViewModel wizard) {
        wizard.memoryMiBProperty().set(256);
        wizard.storageEnabledProperty().set(false);
        while (wizard.stepProperty().get() != WizardStep.FINISH) {
            assertTrue(wizard.next(), "refused on " + wizard.stepProperty().get());
        }
        wizard.finish();
    }

    @Override
    public void close() {
        for (var domain : connection.domains().list()) {
            if (domain.state() != DomainState.SHUTOFF) {
                connection.domains().destroy(domain.uuid());
            }
            connection.domains().undefine(domain.uuid());
        }
        connection.close();
    }
}
