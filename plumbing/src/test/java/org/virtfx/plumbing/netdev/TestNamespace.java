package org.virtfx.plumbing.netdev;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private network namespace for one test, named {@code vfxtest-<random>} so that parallel
 * runs never meet, deleted on close with everything inside it. Nothing a test does reaches the
 * host's own devices.
 */
public final class TestNamespace implements AutoCloseable {
    private final NetNamespace namespace;

    private TestNamespace(NetNamespace namespace) {
        this.namespace = namespace;
    }

    public static TestNamespace create() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        NetNamespace namespace = NetNamespace.named("vfxtest-" + HexFormat.of().formatHex(random));
        if (!namespace.create()) {
            throw new IllegalStateException("test namespace " + namespace + " already exists");
        }
        return new TestNamespace(namespace);
    }

    public NetNamespace namespace() {
        return namespace;
    }

    @Override
    public void close() {
        namespace.delete();
    }
}
