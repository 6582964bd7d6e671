package org.virtfx.core.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Opens connections by URI with the drivers it was given or that ServiceLoader finds. Several
 * drivers may claim one URI (the built-in QEMU driver and the libvirt binding both claim
 * {@code qemu:///system}); the user's {@link DriverChoice} and the rule of
 * docs/decisions/0010 rank them, and a driver that declines or fails hands the URI to the next.
 */
public final class DriverRegistry {
    private final List<ConnectionDriver> drivers;
    private final CredentialPrompt prompt;

    /** Drivers that open without asking anyone for credentials. */
    public DriverRegistry(List<ConnectionDriver> drivers) {
        this(drivers, CredentialPrompt.NONE);
    }

    /** Drivers that ask {@code prompt} when a connection needs credentials. */
    public DriverRegistry(List<ConnectionDriver> drivers, CredentialPrompt prompt) {
        this.drivers = List.copyOf(drivers);
        this.prompt = prompt;
    }

    /** The drivers on the class path, asking no one for credentials. */
    public static DriverRegistry discover() {
        return discover(CredentialPrompt.NONE);
    }

    /** The drivers on the class path, asking {@code prompt} for credentials (the GUI's dialog, the CLI's terminal). */
    public static DriverRegistry discover(CredentialPrompt prompt) {
        return new DriverRegistry(ServiceLoader.load(ConnectionDriver.class).stream()
                .map(ServiceLoader.Provider::get).toList(), prompt);
    }

    public List<ConnectionDriver> drivers() {
        return drivers;
    }

    /** Every scheme some driver may claim, sorted. */
    public List<String> schemes() {
        return List.copyOf(drivers.stream().flatMap(d -> d.schemes().stream())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Opens the URI with the automatic choice of driver. */
    public Connection open(String uriText) {
        return open(uriText, DriverChoice.AUTO);
    }

    /**
     * Opens the URI with the best-ranked driver that accepts it.
     *
     * @throws VirtException for a malformed URI; for one no allowed driver claims (the message
     *     lists the schemes there are); or, when every claiming driver failed, the error of the
     *     best-ranked one, with the others' as suppressed exceptions and in its detail
     */
    public Connection open(String uriText, DriverChoice choice) {
        ConnectionUri uri = ConnectionUri.parse(uriText);
        List<ConnectionDriver> ranked = ranked(uri, choice);
        List<Failure> failures = new ArrayList<>();
        for (ConnectionDriver driver : ranked) {
            try {
                Optional<Connection> connection = driver.open(uri, prompt);
                if (connection.isPresent()) {
                    return connection.get();
                }
            } catch (VirtException e) {
                failures.add(new Failure(driver, e));
            }
        }
        if (!failures.isEmpty()) {
            throw allFailed(failures);
        }
        if (choice != DriverChoice.AUTO && drivers.stream().noneMatch(d -> choice.allows(d.kind()))) {
            throw new VirtException(ErrorCode.NO_CONNECT, "no " + choice.key() + " driver is installed to open "
                    + uri.text() + " (choose another driver, or auto)");
        }
        throw new VirtException(ErrorCode.NO_CONNECT, "no " + (choice == DriverChoice.AUTO ? "" : choice.key() + " ")
                + "connection driver available for " + uri.text() + " (available schemes: "
                + String.join(", ", schemes(choice)) + ")");
    }

    /**
     * The drivers that claim the URI's scheme, best first: with {@code auto}, a libvirt driver
     * that {@linkplain ConnectionDriver#preferredAutomatically prefers} the URI, then the
     * built-in drivers, then the other libvirt drivers; with {@code libvirt} or {@code builtin},
     * only drivers of that kind. Drivers of one rank keep the order they were given in.
     */
    public List<ConnectionDriver> ranked(ConnectionUri uri, DriverChoice choice) {
        List<ConnectionDriver> claiming = drivers.stream()
                .filter(d -> d.schemes().contains(uri.driver()) && choice.allows(d.kind())).toList();
        if (choice != DriverChoice.AUTO) {
            return claiming;
        }
        List<ConnectionDriver> preferred = new ArrayList<>();
        List<ConnectionDriver> builtin = new ArrayList<>();
        List<ConnectionDriver> rest = new ArrayList<>();
        for (ConnectionDriver driver : claiming) {
            if (driver.kind() == DriverKind.BUILTIN) {
                builtin.add(driver);
            } else if (driver.preferredAutomatically(uri)) {
                preferred.add(driver);
            } else {
                rest.add(driver);
            }
        }
        preferred.addAll(builtin);
        preferred.addAll(rest);
        return preferred;
    }

    private List<String> schemes(DriverChoice choice) {
        return List.copyOf(drivers.stream().filter(d -> choice.allows(d.kind())).flatMap(d -> d.schemes().stream())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private record Failure(ConnectionDriver driver, VirtException error) {
        @Override
        public String toString() {
            return driver.name() + " (" + driver.kind().label() + "): " + error.getMessage();
        }
    }

    private static VirtException allFailed(List<Failure> failures) {
        VirtException first = failures.get(0).error();
        if (failures.size() == 1) {
            return first;
        }
        VirtException combined = new VirtException(first.code(), first.getMessage(), "every driver that claims the URI failed: "
                + failures.stream().map(Failure::toString).collect(Collectors.joining("; ")), first);
        failures.stream().skip(1).forEach(f -> combined.addSuppressed(f.error()));
        return combined;
    }
}
