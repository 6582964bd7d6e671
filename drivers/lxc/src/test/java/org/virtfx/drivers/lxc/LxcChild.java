package org.virtfx.drivers.lxc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.plumbing.netdev.NetNamespace;

/**
 * Another VirtFX process on a test's LXC host, for tests where separate processes are what is
 * at stake (locks, kill -9, adoption): opens the host's directories as a fresh process would,
 * runs one command and prints one line per result. Run by {@link LxcChildren}.
 *
 * <p>Arguments: directory, network namespace, cgroup parent, command, its arguments.
 * Commands: {@code start NAME...} (one after the other, as {@code virtfx start} does),
 * {@code destroy NAME}, {@code list}, {@code destroy-all}, {@code churn COUNT MILLIS},
 * {@code define XML-FILE...}, {@code undefine NAME...}, {@code warnings}, and for networks
 * {@code net-define XML-FILE...}, {@code net-create XML-FILE...}, {@code net-start NAME...}, {@code net-destroy NAME...},
 * {@code net-undefine NAME...}, {@code net-list}. Each waits for
 * {@code GO-FILE} first when the system property {@code go} names one, so several children
 * act at once; when the system property {@code ready} names a file, it creates it once the host
 * is open.
 */
public final class LxcChild {
    private LxcChild() {
    }

    /**
     * Defines, starts, destroys and undefines domains {@code d0}..{@code d(count-1)} at random
     * for {@code millis}, each name always with the same UUID; prints every answer that is not
     * one a race explains ("unexpected ...") and a count of operations.
     */
    private static void churn(LxcConnection connection, int count, long millis) {
        java.util.Random random = new java.util.Random();
        long end = System.currentTimeMillis() + millis;
        int operations = 0;
        while (System.currentTimeMillis() < end) {
            String name = "d" + random.nextInt(count);
            java.util.UUID uuid = java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                switch (random.nextInt(4)) {
                    case 0 -> connection.domains().define("<domain type='lxc'><name>" + name + "</name><uuid>" + uuid
                            + "</uuid><memory unit='MiB'>64</memory><os><type>exe</type><init>/bin/sleep</init>"
                            + "<initarg>infinity</initarg></os></domain>");
                    case 1 -> connection.domains().start(uuid);
                    case 2 -> connection.domains().destroy(uuid);
                    default -> connection.domains().undefine(uuid);
                }
            } catch (VirtException e) {
                if (RACE_ANSWERS.stream().noneMatch(e.getMessage()::contains)) {
                    System.out.println("unexpected " + e.getMessage());
                }
            }
            operations++;
        }
        System.out.println("operations " + operations);
    }

    /** libvirt's answers to a request that another process's change made moot: expected in a race. */
    private static final List<String> RACE_ANSWERS = List.of("already running", "is not running",
            "no domain with matching", "cannot undefine transient domain");

    private static java.util.UUID network(LxcConnection connection, String name) {
        return connection.networks().list().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow()
                .uuid();
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        LxcDriverConfig config = LxcTestHost.config(directory, NetNamespace.named(args[1]), args[2]);
        String command = args[3];
        List<String> rest = Arrays.asList(args).subList(4, args.length);
        try (LxcConnection connection = new LxcConnection(ConnectionUri.parse("lxc:///"), config)) {
            String ready = System.getProperty("ready");
            if (ready != null) {
                // The host is open: a test may now time a kill from the moment it says go.
                Files.createFile(Path.of(ready));
            }
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
                case "define" -> {
                    for (String file : rest) {
                        System.out.println("defined " + connection.domains().define(Files.readString(Path.of(file)))
                                .name());
                    }
                }
                case "undefine" -> {
                    for (String name : rest) {
                        connection.domains().undefine(connection.domains().byName(name).orElseThrow().uuid());
                        System.out.println("undefined " + name);
                    }
                }
                case "net-define" -> {
                    for (String file : rest) {
                        NetworkSummary network = connection.networks().define(Files.readString(Path.of(file)));
                        System.out.println("defined " + network.name() + " " + network.uuid() + " "
                                + network.bridge());
                    }
                }
                case "net-create" -> {
                    for (String file : rest) {
                        NetworkSummary network = connection.networks().create(Files.readString(Path.of(file)));
                        System.out.println("created " + network.name() + " " + network.uuid() + " "
                                + network.bridge());
                    }
                }
                case "net-start" -> {
                    for (String name : rest) {
                        connection.networks().start(network(connection, name));
                        System.out.println("started " + name);
                    }
                }
                case "net-destroy" -> {
                    for (String name : rest) {
                        connection.networks().destroy(network(connection, name));
                        System.out.println("destroyed " + name);
                    }
                }
                case "net-undefine" -> {
                    for (String name : rest) {
                        connection.networks().undefine(network(connection, name));
                        System.out.println("undefined " + name);
                    }
                }
                case "net-list" -> connection.networks().list().forEach(n -> System.out.println("network "
                        + n.name() + " " + (n.active() ? "active" : "inactive") + " " + n.uuid() + " " + n.bridge()));
                case "churn" -> churn(connection, Integer.parseInt(rest.get(0)), Long.parseLong(rest.get(1)));
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
