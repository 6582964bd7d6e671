package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.error.VirtException;

/** Where a remote console's ssh goes, read from the URI and the domain's live XML. */
class SshGraphicsTunnelTest {
    private static String live(String graphics) {
        return "<domain type='kvm'><name>g</name><devices>" + graphics + "</devices></domain>";
    }

    @Test
    void aSocketServerIsReachedWithNcOnItsPathAsTheUriSaysSshIsRun() {
        GraphicsEndpoint socket = GraphicsEndpoint.of(live("<graphics type='spice' port='5901'/>"
                + "<graphics type='vnc' socket=\"/run/vnc it'squote.sock\"><listen type='socket' socket='/run/x.sock'/></graphics>"),
                "g");
        ConnectionUri uri = ConnectionUri.parse("qemu+ssh://alice@host.example:2222/system?keyfile=/k/id&no_verify=1"
                + "&known_hosts=/k/hosts&command=/usr/local/bin/ssh&netcat=/bin/nc.openbsd");
        assertEquals(List.of("/usr/local/bin/ssh", "-p", "2222", "-l", "alice", "-i", "/k/id",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/k/hosts", "-T", "-e", "none", "--",
                "host.example", "'/bin/nc.openbsd' -U '/run/vnc it'\\''squote.sock'"),
                SshGraphicsTunnel.command(uri, socket));
    }

    @Test
    void aPortIsReachedOnItsAddressAndEveryInterfaceMeansTheHostsLoopback() {
        ConnectionUri uri = ConnectionUri.parse("qemu+ssh://host/system");
        assertEquals(List.of("ssh", "-T", "-e", "none", "--", "host", "'nc' '127.0.0.1' 5900"),
                SshGraphicsTunnel.command(uri, GraphicsEndpoint.of(live(
                        "<graphics type='vnc' port='5900' autoport='yes' listen='0.0.0.0'>"
                                + "<listen type='address' address='0.0.0.0'/></graphics>"), "g")));
        assertEquals(new GraphicsEndpoint(Optional.empty(), "192.168.1.4", 5902), GraphicsEndpoint.of(live(
                "<graphics type='vnc' port='5902'><listen type='address' address='192.168.1.4'/></graphics>"), "g"));
    }

    @Test
    void aDomainWithoutAReachableVncServerIsRefusedSayingWhy() {
        assertEquals("Requested operation is not valid: domain 'g' has no VNC graphics device",
                assertThrows(VirtException.class, () -> GraphicsEndpoint.of(live("<graphics type='spice' port='5900'/>"),
                        "g")).getMessage());
        assertEquals("Requested operation is not valid: the VNC server of domain 'g' listens on no socket or port"
                + " that can be reached over ssh", assertThrows(VirtException.class, () -> GraphicsEndpoint.of(
                        live("<graphics type='vnc'><listen type='none'/></graphics>"), "g")).getMessage());
    }
}
