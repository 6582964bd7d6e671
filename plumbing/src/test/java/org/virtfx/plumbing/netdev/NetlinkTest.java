package org.virtfx.plumbing.netdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Many requests in one send, inside a private namespace. */
class NetlinkTest {

    @Test
    void aBatchAnswersEveryRequestOnItsOwnAndARefusalStopsNoOther() {
        RootTests.requireRoot();
        // More requests than one datagram carries, so that the split into datagrams is crossed.
        int count = Netlink.BATCH_MESSAGES * 2 + 10;
        try (TestNamespace ns = TestNamespace.create();
             NetlinkDevices devices = NetlinkDevices.open(ns.namespace());
             Netlink netlink = ns.namespace().call(Netlink::open)) {
            for (int i = 0; i < count; i += 10) {
                assertTrue(devices.createBridge("vfxb" + i), "a name taken before the batch");
            }
            List<Netlink.Message> requests = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Netlink.Message message = new Netlink.Message(Netlink.RTM_NEWLINK,
                        (short) (Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)).ifinfo(0, 0, 0)
                        .attribute(Netlink.IFLA_IFNAME, "vfxb" + i);
                int linkInfo = message.begin(Netlink.IFLA_LINKINFO);
                message.attribute(Netlink.IFLA_INFO_KIND, "veth");
                int data = message.begin(Netlink.IFLA_INFO_DATA);
                int peer = message.begin(Netlink.VETH_INFO_PEER);
                message.ifinfo(0, 0, 0).attribute(Netlink.IFLA_IFNAME, "vfxp" + i);
                message.end(peer);
                message.end(data);
                message.end(linkInfo);
                requests.add(message);
            }

            List<Netlink.Ack> acks = netlink.executeAll(requests);

            assertEquals(count, acks.size());
            for (int i = 0; i < count; i++) {
                assertEquals(i % 10 == 0 ? LibC.EEXIST : 0, acks.get(i).errno(), "request " + i + ": " + acks.get(i));
            }
            Set<String> veths = devices.list().stream().filter(link -> link.kind().equals("veth"))
                    .map(LinkInfo::name).collect(Collectors.toSet());
            for (int i = 0; i < count; i++) {
                assertEquals(i % 10 != 0, veths.contains("vfxb" + i), "vfxb" + i);
                assertEquals(i % 10 != 0, veths.contains("vfxp" + i), "vfxp" + i);
            }
            // The socket still answers single requests in step after a batch.
            Netlink.Reply reply = netlink.query(new Netlink.Message(Netlink.RTM_GETLINK, (short) 0)
                    .ifinfo(0, 0, 0).attribute(Netlink.IFLA_IFNAME, "vfxb1"));
            assertTrue(reply.ack().ok(), reply.ack().toString());
            assertEquals(LibC.ENODEV, netlink.execute(new Netlink.Message(Netlink.RTM_DELLINK, (short) 0)
                    .ifinfo(0, 0, 0).attribute(Netlink.IFLA_IFNAME, "vfxnone")).errno());
        }
    }
}
