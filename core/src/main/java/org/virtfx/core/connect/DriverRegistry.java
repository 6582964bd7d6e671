package org.virtfx.core.connect;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** Opens connections by URI with the drivers it was given or that ServiceLoader finds. */
public final class DriverRegistry {
    private final List<ConnectionDriver> drivers;

    public DriverRegistry(List<ConnectionDriver> drivers) {
        this.drivers = List.copyOf(drivers);
    }

    /** The drivers on the class path. */
    public static DriverRegistry discover() {
        return new DriverRegistry(ServiceLoader.load(ConnectionDriver.class).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    public List<ConnectionDriver> drivers() {
        return drivers;
    }

    /** Every scheme some driver may claim, sorted. */
    public List<String> schemes() {
        return List.copyOf(drivers.stream().flatMap(d -> d.schemes().stream())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    /**
     * Opens the URI with the first driver that claims it.
     *
     * @throws VirtException for a malformed URI, or one no driver claims (the message lists
     *     the schemes that are available)
     */
    public Connection open(String uriText) {
        ConnectionUri uri = ConnectionUri.parse(uriText);
        for (ConnectionDriver driver : drivers) {
            if (!driver.schemes().contains(uri.driver())) {
                continue;
            }
            Optional<Connection> connection = driver.open(uri);
            if (connection.isPresent()) {
                return connection.get();
            }
        }
        throw new VirtException(ErrorCode.NO_CONNECT,
                "no connection driver available for " + uri.text()
                        + " (available schemes: " + String.join(", ", schemes()) + ")");
    }
}
