package org.virtfx.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * What a running command sees: the connection, the output stream, the quiet flag, and virsh's
 * ways of reporting lookups and failures.
 */
final class CliSession {
    /** The ways virsh looks an object up by a word (its VIRSH_BYID, VIRSH_BYUUID, VIRSH_BYNAME). */
    enum By { ID, UUID, NAME }

    private final Connection connection;
    private final PrintStream out;
    private final boolean quiet;
    private final TaskExecutor executor;
    private final SchemaValidator validator = new SchemaValidator();

    CliSession(Connection connection, PrintStream out, boolean quiet, TaskExecutor executor) {
        this.connection = connection;
        this.out = out;
        this.quiet = quiet;
        this.executor = executor;
    }

    Connection connection() {
        return connection;
    }

    TaskExecutor executor() {
        return executor;
    }

    boolean quiet() {
        return quiet;
    }

    /** Output that is the command's result: tables, XML, values. */
    void print(String text) {
        out.print(text);
    }

    void println(String line) {
        out.println(line);
    }

    /** A message virsh prints only when not quiet ("Domain 'x' started"). */
    void extra(String line) {
        if (!quiet) {
            out.println(line);
        }
    }

    /**
     * A message virsh prints only when not quiet and leaves unterminated, so that the blank
     * line after the command ends it ("Domain snapshot s1 created").
     */
    void extraUnterminated(String text) {
        if (!quiet) {
            out.print(text);
        }
    }

    /** A domain by id, UUID or name; virsh reports a miss with one line of its own. */
    DomainSummary domain(String word) {
        try {
            return connection().domains().lookup(word);
        } catch (VirtException e) {
            throw new CommandFailure("failed to get domain '" + word + "'");
        }
    }

    /**
     * A domain by the ways a command allows, tried in virsh's order (id, UUID, name): virsh's
     * {@code domname} takes an id or UUID only, {@code domid} a name or UUID, {@code domuuid} an
     * id or name, {@code start} a UUID or name. A miss is one line, as in virsh.
     */
    DomainSummary domain(String word, By... ways) {
        var domains = connection().domains();
        List<By> allowed = List.of(ways);
        for (By way : By.values()) {
            if (!allowed.contains(way)) {
                continue;
            }
            Optional<DomainSummary> found = switch (way) {
                case ID -> word.matches("\\d{1,9}") ? domains.byId(Integer.parseInt(word)) : Optional.empty();
                case UUID -> uuid(word).flatMap(domains::byUuid);
                case NAME -> domains.byName(word);
            };
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new CommandFailure("failed to get domain '" + word + "'");
    }

    private static Optional<UUID> uuid(String word) {
        try {
            return word.length() == 36 ? Optional.of(UUID.fromString(word)) : Optional.empty();
        } catch (IllegalArgumentException notUuid) {
            return Optional.empty();
        }
    }

    NetworkSummary network(String word) {
        try {
            return connection().networks().lookup(word);
        } catch (VirtException e) {
            throw new CommandFailure("failed to get network '" + word + "'", e.getMessage());
        }
    }

    PoolSummary pool(String word) {
        try {
            return connection().storage().lookupPool(word);
        } catch (VirtException e) {
            throw new CommandFailure("failed to get pool '" + word + "'", e.getMessage());
        }
    }

    /**
     * A pool by one way only, as virsh's {@code pool-name} (UUID) and {@code pool-uuid} (name)
     * look it up. virsh tries a UUID only when the word is as long as one, and then prints
     * libvirt's words for the miss.
     */
    PoolSummary pool(String word, By way) {
        String headline = "failed to get pool '" + word + "'";
        if (way == By.UUID && word.length() != 36) {
            throw new CommandFailure(headline);
        }
        if (way == By.UUID && uuid(word).isEmpty()) {
            throw new CommandFailure(headline, "uuidstr in virStoragePoolLookupByUUIDString must be a valid UUID");
        }
        return connection().storage().listPools().stream()
                .filter(p -> way == By.UUID ? p.uuid().equals(uuid(word).orElseThrow()) : p.name().equals(word))
                .findFirst()
                .orElseThrow(() -> new CommandFailure(headline, VirtException.of(ErrorCode.NO_STORAGE_POOL,
                        "no storage pool with matching " + (way == By.UUID ? "uuid" : "name") + " '" + word + "'")
                        .getMessage()));
    }

    /** Runs a driver call; a failure prints the headline, then the driver's message. */
    <T> T call(String headline, Supplier<T> call) {
        try {
            return call.get();
        } catch (VirtException e) {
            throw new CommandFailure(headline, e.getMessage());
        }
    }

    void call(String headline, Runnable call) {
        call(headline, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Checks user-supplied XML against libvirt's schema before it reaches a driver, as
     * {@code virsh define --validate} does, so a bad file fails with its line and column.
     * Without {@code --validate}, virsh leaves the checks to the driver, and so does the CLI:
     * the driver's errors are libvirt's words.
     */
    void validate(SchemaValidator.Kind kind, String xml, String file, String headline) {
        call(headline, () -> validator.validate(kind, xml, file));
    }

    /**
     * A file's text, or virsh's one-line error: only a regular file of at most 10 MB is read,
     * so {@code /dev/zero} or a FIFO fails at once instead of filling the heap or blocking.
     */
    static String readFile(String file) {
        try {
            return BoundedFiles.readDocument(Path.of(file));
        } catch (VirtException e) {
            throw new CommandFailure(e.getMessage());
        }
    }
}
