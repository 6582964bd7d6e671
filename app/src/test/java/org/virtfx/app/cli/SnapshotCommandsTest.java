package org.virtfx.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.SnapshotState;

/** The snapshot commands on test:///default print what virsh prints. */
class SnapshotCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int virsh(String line) {
        DriverRegistry registry = DriverRegistry.discover();
        return new VirshShell(() -> registry.open("test:///default"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(List.of(line));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createsListsRevertsAndDeletesLikeVirsh() {
        int status = virsh("snapshot-create-as test --name s1 --description 'first one'; suspend test; "
                + "snapshot-create-as test s2; snapshot-current test --name; snapshot-list test --name; "
                + "snapshot-revert test s1; domstate test --reason; snapshot-delete test --current; "
                + "snapshot-list test --parent --name");
        assertEquals(0, status, err());
        assertEquals("Domain snapshot s1 created\nDomain 'test' suspended\n\nDomain snapshot s2 created\n"
                + "s2\ns1\ns2\n\nDomain snapshot s1 reverted\n\nrunning (from snapshot)\n\n"
                + "Domain snapshot s1 deleted\n\ns2\n\n", out());
    }

    @Test
    void tableShowsCreationTimeInLocalTimeAndTheState() {
        DomainSnapshot s1 = new DomainSnapshot("s1", "", Instant.ofEpochSecond(1700000000), SnapshotState.RUNNING,
                Optional.empty(), false);
        DomainSnapshot s2 = new DomainSnapshot("s2", "", Instant.ofEpochSecond(1700000100), SnapshotState.SHUTOFF,
                Optional.of("s1"), true);
        ZoneId utc = ZoneOffset.UTC;
        assertEquals(" Name   Creation Time               State\n"
                + "-".repeat(45) + "\n"
                + " s1     2023-11-14 22:13:20 +0000   running\n"
                + " s2     2023-11-14 22:15:00 +0000   shutoff\n",
                SnapshotCommands.SnapshotList.table(List.of(s1, s2), false, utc).render(false));
        // Like virsh, a root's empty parent cell still follows the column padding.
        assertEquals(" Name   Creation Time               State     Parent\n"
                + "-".repeat(54) + "\n"
                + " s1     2023-11-14 22:13:20 +0000   running   \n"
                + " s2     2023-11-14 22:15:00 +0000   shutoff   s1\n",
                SnapshotCommands.SnapshotList.table(List.of(s1, s2), true, utc).render(false));
    }

    @Test
    void treeDrawsVirshsRails() {
        assertEquals(0, virsh("snapshot-create-as test a; snapshot-create-as test b; snapshot-create-as test c; "
                + "snapshot-revert test a; snapshot-create-as test d; snapshot-list test --tree"));
        assertTrue(out().endsWith("a\n  |\n  +- b\n  |   |\n  |   +- c\n  |     \n  +- d\n    \n\n"), out());
    }

    @Test
    void infoAndDumpxmlDescribeTheSnapshot() {
        assertEquals(0, virsh("snapshot-create-as test s1; snapshot-create-as test s2; snapshot-info test s1; "
                + "snapshot-dumpxml test s2"));
        String printed = out();
        assertTrue(printed.contains("Name:           s1\nDomain:         test\nCurrent:        no\n"
                + "State:          running\nLocation:       internal\nParent:         -\nChildren:       1\n"
                + "Descendants:    1\nMetadata:       yes\n\n"), printed);
        assertTrue(printed.contains("<domainsnapshot>\n  <name>s2</name>\n  <state>running</state>\n"
                + "  <parent>\n    <name>s1</name>\n  </parent>\n"), printed);
    }

    @Test
    void errorsReadAsVirshsWithItsExitCode() {
        assertEquals(1, virsh("snapshot-current test"));
        assertEquals("error: domain 'test' has no current snapshot\n", err());
        err.reset();
        assertEquals(1, virsh("snapshot-revert test nosuch"));
        assertEquals("error: Domain snapshot not found: no domain snapshot with matching name 'nosuch'\n", err());
        err.reset();
        assertEquals(1, virsh("snapshot-delete test"));
        assertEquals("error: --snapshotname or --current is required\n", err());
        err.reset();
        assertEquals(1, virsh("snapshot-create-as test s1; destroy test; undefine test"));
        assertEquals("error: Failed to undefine domain 'test'\n"
                + "error: Requested operation is not valid: cannot delete inactive domain with 1 snapshots\n", err());
        err.reset();
        assertEquals(1, virsh("snapshot-create-as test s1; snapshot-create-as test s1"));
        assertEquals("error: operation failed: domain moment s1 already exists\n", err());
    }
}
