package org.virtfx.app.details;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.virtfx.app.testing.ForwardingConnection;
import org.virtfx.app.testing.ReadingDomains;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.domain.DomainFamily;

/**
 * The test driver's connection with a console the test plays the guest of: the test driver has
 * no consoles (as libvirt's has none), and the LXC driver's need root.
 */
final class ConsoleAttachedConnection extends ForwardingConnection {
    final PipedOutputStream guest = new PipedOutputStream();
    final ByteArrayOutputStream typed = new ByteArrayOutputStream();

    ConsoleAttachedConnection(Connection inner) {
        super(inner);
    }

    /** The inner connection's features and a text console. */
    @Override
    public Set<Feature> features() {
        Set<Feature> all = EnumSet.of(Feature.TEXT_CONSOLE);
        all.addAll(inner.features());
        return all;
    }

    @Override
    public DomainFamily domains() {
        return new ReadingDomains(inner.domains()) {
            @Override
            public DomainConsole openConsole(UUID uuid) {
                PipedInputStream in;
                try {
                    in = new PipedInputStream(guest);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new DomainConsole() {
                    @Override
                    public InputStream input() {
                        return in;
                    }

                    @Override
                    public OutputStream output() {
                        return typed;
                    }

                    @Override
                    public void resize(int columns, int rows) {
                    }

                    @Override
                    public void close() {
                        try {
                            in.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
            }
        };
    }
}
