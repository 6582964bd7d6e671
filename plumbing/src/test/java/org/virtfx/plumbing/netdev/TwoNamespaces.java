package org.virtfx.plumbing.netdev;

/**
 * Two private namespaces, "host" and "guest", with devices opened in each through one
 * implementation: the shape of a container start, where host ends stay on the host side and
 * peers are born in the guest's namespace. Closing removes both namespaces even when closing
 * the devices fails.
 */
final class TwoNamespaces implements AutoCloseable {
    final TestNamespace host;
    final TestNamespace guest;
    final NetDevices hostDevices;
    final NetDevices guestDevices;

    private TwoNamespaces(TestNamespace host, TestNamespace guest, NetDevices hostDevices, NetDevices guestDevices) {
        this.host = host;
        this.guest = guest;
        this.hostDevices = hostDevices;
        this.guestDevices = guestDevices;
    }

    static TwoNamespaces open(Implementation implementation) {
        RootTests.requireRoot();
        TestNamespace host = TestNamespace.create();
        TestNamespace guest = null;
        NetDevices hostDevices = null;
        try {
            guest = TestNamespace.create();
            hostDevices = implementation.open(host.namespace());
            return new TwoNamespaces(host, guest, hostDevices, implementation.open(guest.namespace()));
        } catch (RuntimeException e) {
            if (hostDevices != null) {
                hostDevices.close();
            }
            if (guest != null) {
                guest.close();
            }
            host.close();
            throw e;
        }
    }

    NetNamespace hostNamespace() {
        return host.namespace();
    }

    NetNamespace guestNamespace() {
        return guest.namespace();
    }

    @Override
    public void close() {
        try {
            hostDevices.close();
            guestDevices.close();
        } finally {
            try {
                guest.close();
            } finally {
                host.close();
            }
        }
    }
}
