package org.virtfx.drivers.lxc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.NetNamespace;

/**
 * Another VirtFX process on a test's LXC host, for tests where separate processes are what is
 * at stake (locks, kill -9, adoption): opens the host's directories as a fresh process would,
 * runs one command and prints one line per result. Run by {@link LxcChildren}.
 *
 * <p>Arguments: directory, network namespace, cgroup parent, command, its arguments.
 * Commands: {@code start NAME...} (one after the other, as {@code virtfx start} does),
 * {@code destroy NAME}, {@code list}, {@code destroy-all}, {@code define XML-FILE}, {@code warnings}. Each waits for
 * {@code GO-FILE} first when the system property {@code go} names one, so several children
 * act at once.
 */
public final class LxcChild {
    private LxcChild() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        LxcDriverConfig config = LxcTestHost.config(directory, NetNamespace.named(args[1]), args[2]);
        String command = args[3];
        List<String> rest = Arrays.asList(args).subList(4, args.length);
        try (LxcConnection connection = new LxcConnection(ConnectionUri.parse("lxc:///"), config)) {
            String go = System.getProperty("go");
            while (go != null && !Files.exists(Path.of(go))) {
                Thread.sleep(1);
            }
            switch (command) {
                case "start" -> {
                    for (String name : rest) {
                        connection.domains().start(connection.domains().byName(name).orElseThrow().uuid());
                        System.out.println("started " + name);
                    }
                }
                case "destroy" -> {
                    connection.domains().destroy(connection.domains().byName(rest.get(0)).orElseThrow().uuid());
                    System.out.println("destroyed " + rest.get(0));
                }
                case "list" -> connection.domains().list().forEach(d ->
                        System.out.println("domain " + d.name() + " " + d.state().name().toLowerCase()));
                case "destroy-all" -> {
                    for (DomainSummary domain : connection.domains().list()) {
                        if (domain.isActive()) {
                            connection.domains().destroy(domain.uuid());
                            System.out.println("destroyed " + domain.name());
                        }
                    }
                }
                case "define" -> System.out.println("defined " + connection.domains()
                        .define(Files.readString(Path.of(rest.get(0)))).name());
                case "warnings" -> connection.loadWarnings().forEach(w -> System.out.println("warning " + w));
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        } catch (VirtException e) {
            System.out.println("error " + e.getMessage());
            System.exit(1);
        }
        // Exits at once, as the CLI does: containers keep running without us.
        System.exit(0);
    }
}
