package org.virtfx.drivers.test;

/** A test node with the families that operate on it; one per node, shared by its connections. */
record TestNodeState(TestNode node, TestHost host, TestDomains domains, TestNetworks networks,
                     TestStorage storage) {

    static TestNodeState of(TestNode node) {
        TestDomains domains = new TestDomains(node);
        return new TestNodeState(node, new TestHost(node, domains), domains, new TestNetworks(node),
                new TestStorage(node));
    }
}
