package org.virtfx.plumbing.netdev;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.virtfx.plumbing.testhost.HostLease;
import org.virtfx.plumbing.testhost.HostResources;

/**
 * A private network namespace for one test, named {@code vfxtest-<random>} so that parallel
 * runs never meet, deleted on close with everything inside it. Nothing a test does reaches the
 * host's own devices. Its lease lets a later test JVM remove it, and the processes in it (a
 * network's dnsmasq), when this JVM is killed before the close.
 */
public final class TestNamespace implements AutoCloseable {
    private final NetNamespace namespace;
    private final HostLease lease;

    private TestNamespace(NetNamespace namespace, HostLease lease) {
        this.namespace = namespace;
        this.lease = lease;
    }

    public static TestNamespace create() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        NetNamespace namespace = NetNamespace.named("vfxtest-" + HexFormat.of().formatHex(random));
        HostLease lease = HostLease.take("TestNamespace", HostResources.namespace(namespace.name()));
        try {
            if (!namespace.create()) {
                throw new IllegalStateException("test namespace " + namespace + " already exists");
            }
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return new TestNamespace(namespace, lease);
    }

    public NetNamespace namespace() {
        return namespace;
    }

    @Override
    public void close() {
        namespace.delete();
        lease.close();
    }
}
