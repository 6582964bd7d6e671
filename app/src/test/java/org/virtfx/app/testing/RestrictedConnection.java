package org.virtfx.app.testing;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.host.HostCapabilities;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.host.NumaCell;
import org.virtfx.core.host.VersionNumber;
import org.virtfx.core.storage.StorageFamily;

/**
 * The test driver's domains, networks and host behind a connection that offers fewer features,
 * so windows can be tried on what another driver lacks without that driver (the LXC driver
 * needs root). Storage is unsupported without {@link Feature#STORAGE_POOLS}, as it is there.
 */
public final class RestrictedConnection extends ForwardingConnection {
    private final String driverName;
    private final Set<Feature> features;
    private final HostFamily host;

    private RestrictedConnection(Connection inner, String driverName, Set<Feature> features, HostFamily host) {
        super(inner);
        this.driverName = driverName;
        this.features = Set.copyOf(features);
        this.host = host;
    }

    /** What the LXC driver offers: containers only, consoles and virtual networks, no storage pools or snapshots. */
    public static RestrictedConnection containerHost(Connection inner) {
        return new RestrictedConnection(inner, "lxc", EnumSet.of(Feature.TEXT_CONSOLE, Feature.VIRTUAL_NETWORKS),
                new ContainerHost(inner.host()));
    }

    /** The inner connection less some features. */
    public static RestrictedConnection without(Connection inner, Feature... removed) {
        Set<Feature> kept = EnumSet.noneOf(Feature.class);
        kept.addAll(inner.features());
        kept.removeAll(List.of(removed));
        return new RestrictedConnection(inner, inner.driverName(), kept, inner.host());
    }

    @Override
    public String driverName() {
        return driverName;
    }

    @Override
    public Set<Feature> features() {
        return features;
    }

    @Override
    public HostFamily host() {
        return host;
    }

    @Override
    public StorageFamily storage() {
        return supports(Feature.STORAGE_POOLS) ? inner.storage() : () -> driverName;
    }

    /** The test host's facts with a capabilities document that runs containers only, as lxc:///'s. */
    private record ContainerHost(HostFamily inner) implements HostFamily {
        @Override
        public String driverName() {
            return "lxc";
        }

        @Override
        public NodeInfo nodeInfo() {
            return inner.nodeInfo();
        }

        @Override
        public List<NumaCell> numaCells() {
            return inner.numaCells();
        }

        @Override
        public String capabilitiesXml() {
            return new HostCapabilities(Optional.empty(), "x86_64", nodeInfo(), numaCells(), "none",
                    List.of(new HostCapabilities.Guest("exe", "x86_64", 64, "/usr/lib/virtfx/virtfx-lxc-supervisor",
                            List.of("lxc")))).xml();
        }

        @Override
        public String hostname() {
            return inner.hostname();
        }

        @Override
        public String hypervisorType() {
            return "LXC";
        }

        @Override
        public VersionNumber hypervisorVersion() {
            return inner.hypervisorVersion();
        }

        @Override
        public VersionNumber libraryVersion() {
            return inner.libraryVersion();
        }

        @Override
        public List<HostInterface> interfaces() {
            return inner.interfaces();
        }

        @Override
        public HostUsage usage() {
            return inner.usage();
        }
    }
}
