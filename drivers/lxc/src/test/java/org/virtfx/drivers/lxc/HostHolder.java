package org.virtfx.drivers.lxc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A test JVM with an {@link LxcTestHost} open, to be killed by {@link KilledTestHostSweepTest}:
 * starts a network with DHCP (so dnsmasq runs), a running container and a suspended one, writes
 * the host's folder, namespace and cgroup parent and the containers' init pids to {@code INFO-FILE},
 * says it is ready and waits (for its SIGKILL).
 *
 * <p>Arguments: info file.
 */
public final class HostHolder {
    private HostHolder() {
    }

    public static void main(String[] args) throws Exception {
        Path info = Path.of(args[0]);
        LxcTestHost host = LxcTestHost.open();
        UUID network = host.connection.networks().define("<network><name>dhcp0</name><bridge name='vfxdhcp0'/>"
                + "<ip address='198.51.100.1' netmask='255.255.255.192'><dhcp><range start='198.51.100.10'"
                + " end='198.51.100.20'/></dhcp></ip></network>").uuid();
        host.connection.networks().start(network);
        UUID running = host.define("running", "/bin/sleep", "infinity").uuid();
        host.connection.domains().start(running);
        UUID suspended = host.define("suspended", "/bin/sleep", "infinity").uuid();
        host.connection.domains().start(suspended);
        host.connection.domains().suspend(suspended);
        Path written = Files.createTempFile(info.getParent(), "info", ".tmp");
        Files.writeString(written, host.directory + "\n" + host.namespace.name() + "\n" + host.cgroupParent + "\n"
                + host.domains().initPid(running).orElseThrow() + " " + host.domains().initPid(suspended).orElseThrow() + "\n");
        Files.move(written, info, StandardCopyOption.ATOMIC_MOVE);
        Files.createFile(Path.of(System.getProperty("ready")));
        Thread.sleep(Long.MAX_VALUE);
    }
}
