package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class MigrationOptionsTest {
    private static final String DEST = "qemu+ssh://root@there/system";

    @Test
    void aMoveIsForGoodUnlessMadeTemporary() {
        MigrationOptions live = MigrationOptions.live(DEST);
        assertTrue(live.persistent() && live.undefineSource());
        MigrationOptions visit = live.temporary();
        assertFalse(visit.persistent() || visit.undefineSource());
        assertEquals(MigrationOptions.Mode.LIVE, visit.mode());
    }

    @Test
    void optionsAreKeptAsGiven() {
        MigrationOptions options = MigrationOptions.offline(DEST).withDestinationName("moved").withBandwidth(64)
                .withMigrationUri("tcp://10.0.0.2:49152");
        assertEquals(Optional.of("moved"), options.destinationName());
        assertEquals(OptionalLong.of(64), options.bandwidthMiBps());
        assertEquals(Optional.of("tcp://10.0.0.2:49152"), options.migrationUri());
        assertFalse(options.tunnelled());
        MigrationOptions tunnelled = MigrationOptions.live(DEST).temporary().withDestinationName("visitor").withTunnel();
        assertTrue(tunnelled.tunnelled());
        assertEquals(Optional.of("visitor"), tunnelled.destinationName());
        assertFalse(tunnelled.persistent(), "the options before it are kept");
    }

    @Test
    void badOptionsAreRefusedNamingTheProblem() {
        assertEquals("invalid argument: a migration needs the destination's connection URI",
                refused(() -> MigrationOptions.live(" ")));
        assertEquals("invalid argument: an offline migration moves only the definition, so the destination must keep "
                + "it (persistent)", refused(() -> MigrationOptions.offline(DEST).temporary()));
        assertEquals("invalid argument: migration bandwidth must be a positive number of MiB/s, not 0",
                refused(() -> MigrationOptions.live(DEST).withBandwidth(0)));
        assertEquals("invalid argument: the domain's name on the destination is blank",
                refused(() -> MigrationOptions.live(DEST).withDestinationName("")));
        assertEquals("invalid argument: the migration URI is blank",
                refused(() -> MigrationOptions.live(DEST).withMigrationUri(" ")));
        assertEquals("invalid argument: a tunnelled migration sends the guest through the daemons' connection, so it"
                + " takes no migration URI (tcp://10.0.0.2:49152)",
                refused(() -> MigrationOptions.live(DEST).withMigrationUri("tcp://10.0.0.2:49152").withTunnel()));
    }

    private static String refused(Runnable making) {
        VirtException e = assertThrows(VirtException.class, making::run);
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        return e.getMessage();
    }
}
