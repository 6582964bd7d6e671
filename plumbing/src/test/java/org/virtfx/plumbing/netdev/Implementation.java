package org.virtfx.plumbing.netdev;

/** The two {@link NetDevices} implementations; every device test runs against both. */
enum Implementation {
    NETLINK {
        @Override
        NetDevices open(NetNamespace namespace) {
            return NetlinkDevices.open(namespace);
        }
    },
    IPROUTE2 {
        @Override
        NetDevices open(NetNamespace namespace) {
            return IpRouteDevices.open(namespace);
        }
    };

    abstract NetDevices open(NetNamespace namespace);
}
