package org.virtfx.drivers.libvirt.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.NodeInfo;

/** The binding against libvirt.so.0's own test driver, which runs inside the client library. */
class VirConnectTest {
    private VirConnect conn;

    @BeforeEach
    void open() {
        conn = VirConnect.open("test:///default", ConnectAuth.NONE, 0);
    }

    @AfterEach
    void close() {
        conn.close();
    }

    @Test
    void readsTheTestHostAsVirshDoes() {
        NodeInfo info = conn.nodeInfo();
        assertEquals(new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2), info);
        assertEquals("TEST", conn.type());
        assertEquals(2, conn.version());
        assertEquals(LibvirtLibrary.version(), conn.libVersion());
        assertEquals("test:///default", conn.uri());
        assertTrue(conn.capabilities().contains("<capabilities>"), "capabilities document");
        assertTrue(conn.isAlive());
        assertEquals(List.of("eth1"), conn.interfaces().stream().map(i -> i.name()).toList());
    }

    @Test
    void listsAndLooksUpDomains() {
        List<VirDomain> all = conn.listAllDomains(0);
        assertEquals(1, all.size());
        try (VirDomain test = all.get(0)) {
            assertEquals("test", test.name());
            assertEquals("6695eb01-f6a4-8304-79aa-97f2502e193f", test.uuid());
            assertEquals(1, test.id());
            // libvirt's test driver starts its default domain with reason 0, "unknown".
            assertEquals(new VirDomain.StateAndReason(1, 0), test.state());
            VirDomain.DomainInfo info = test.info();
            assertEquals(1, info.state());
            assertEquals(8388608, info.maxMemoryKiB());
            assertEquals(2, info.vcpus());
            assertTrue(test.isPersistent());
        }
        VirtException missing = assertThrows(VirtException.class, () -> conn.domainByName("nosuch"));
        assertEquals("Domain not found", missing.getMessage(), "libvirt 9.0's test driver names no domain here");
        assertTrue(LibvirtError.is(missing, LibvirtError.NO_DOMAIN));
        try (VirDomain byUuid = conn.domainByUuid("6695eb01-f6a4-8304-79aa-97f2502e193f")) {
            assertEquals("test", byUuid.name());
        }
        try (VirDomain byId = conn.domainById(1)) {
            assertEquals("test", byId.name());
        }
    }

    @Test
    void failuresCarryLibvirtsCodeDomainAndMessage() {
        try (VirDomain test = conn.domainByName("test")) {
            VirtException e = assertThrows(VirtException.class, () -> test.create(0));
            assertEquals("internal error: Domain 'test' is already running", e.getMessage());
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            LibvirtError error = LibvirtError.of(e).orElseThrow();
            assertEquals(1, error.code());
            assertEquals(12, error.domain(), "VIR_FROM_TEST");
            assertEquals(2, error.level());
        }
        VirtException bad = assertThrows(VirtException.class, () -> conn.defineDomain("<domain", 0));
        assertEquals(ErrorCode.XML_DETAIL, bad.code());
        // The error was read and reset: a later success leaves nothing behind for the next failure.
        assertTrue(conn.isAlive());
    }

    @Test
    void undefineFlagsTakeTheManagedSaveImageAndSnapshotMetadataAlong() {
        try (VirDomain test = conn.domainByName("test")) {
            test.managedSave();
            assertTrue(test.hasManagedSaveImage());
            test.createSnapshot("<domainsnapshot><name>s1</name></domainsnapshot>", 0).close();
            VirtException refused = assertThrows(VirtException.class, () -> test.undefine(0));
            assertEquals(ErrorCode.OPERATION_INVALID, refused.code());
            test.undefine(VirDomain.UNDEFINE_MANAGED_SAVE | VirDomain.UNDEFINE_SNAPSHOTS_METADATA);
        }
        assertEquals(List.of(), conn.listAllDomains(0));
    }

    @Test
    void xmlFlagsChooseTheDefinition() {
        try (VirDomain test = conn.domainByName("test")) {
            assertTrue(test.xml(0).startsWith("<domain type='test' id='1'>"));
            assertTrue(test.xml(VirDomain.XML_INACTIVE).startsWith("<domain type='test'>"));
        }
    }

    @Test
    void aClosedHandleRefusesCalls() {
        VirDomain test = conn.domainByName("test");
        test.close();
        test.close();
        VirtException e = assertThrows(VirtException.class, test::name);
        assertEquals("invalid argument: the domain handle is closed", e.getMessage());
    }

    @Test
    void openFailsWithLibvirtsMessage() {
        VirtException e = assertThrows(VirtException.class,
                () -> VirConnect.open("test:///no/such/file.xml", ConnectAuth.NONE, 0));
        assertTrue(e.getMessage().contains("/no/such/file.xml"), e.getMessage());
    }

    @Test
    void credentialsComeFromTheAuthCallback(@TempDir Path dir) throws IOException {
        Path node = dir.resolve("auth.xml");
        Files.writeString(node, """
                <node>
                  <auth><user password='secret'>alice</user></auth>
                </node>
                """);
        String uri = "test://" + node;
        VirtException refused = assertThrows(VirtException.class, () -> VirConnect.open(uri, ConnectAuth.NONE, 0));
        assertTrue(refused.getMessage().startsWith("authentication failed"), refused.getMessage());
        assertEquals("authentication failed: Username request failed (libvirt asked for: authentication name;"
                + " not given)", refused.getMessage());
        VirtException noTerminal = assertThrows(VirtException.class, () -> VirConnect.open(uri, requests -> {
            throw new VirtException(org.virtfx.core.error.ErrorCode.NO_CONNECT, "there is no terminal to ask on");
        }, 0));
        assertEquals("authentication failed: Username request failed (libvirt asked for: authentication name;"
                + " there is no terminal to ask on)", noTerminal.getMessage());

        List<ConnectAuth.Type> asked = new ArrayList<>();
        ConnectAuth answers = requests -> {
            requests.forEach(r -> asked.add(r.type()));
            return Optional.of(requests.stream()
                    .map(r -> r.type() == ConnectAuth.Type.AUTHNAME ? "alice" : "secret").toList());
        };
        try (VirConnect guarded = VirConnect.open(uri, answers, 0)) {
            assertTrue(guarded.isAlive());
        }
        assertEquals(List.of(ConnectAuth.Type.AUTHNAME, ConnectAuth.Type.PASSPHRASE), asked);
        VirtException wrong = assertThrows(VirtException.class, () -> VirConnect.open(uri,
                requests -> Optional.of(requests.stream().map(r -> "guess").toList()), 0));
        assertEquals("authentication failed: authentication failed, see test XML for the correct username/password",
                wrong.getMessage());
    }
}
