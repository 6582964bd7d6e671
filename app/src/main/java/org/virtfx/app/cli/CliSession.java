package org.virtfx.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DomainSummary;
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

    /** A domain by UUID or name only, as {@code start} looks it up. */
    DomainSummary domainByNameOrUuid(String word) {
        var domains = connection().domains();
        Optional<DomainSummary> found = Optional.empty();
        try {
            found = domains.byUuid(UUID.fromString(word));
        } catch (IllegalArgumentException notUuid) {
            // Not a UUID: a name, then.
        }
        return found.or(() -> domains.byName(word))
                .orElseThrow(() -> new CommandFailure("failed to get domain '" + word + "'"));
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
