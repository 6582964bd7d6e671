package org.virtfx.core.domain;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open text console of a running domain (a container's pty, a VM's serial port): what the
 * guest writes comes out of {@link #input()}, what is written to {@link #output()} reaches it.
 * Closing it leaves the domain running.
 */
public interface DomainConsole extends AutoCloseable {

    InputStream input();

    OutputStream output();

    /** Tells the guest the terminal's size, as a terminal window does on resize. */
    void resize(int columns, int rows);

    @Override
    void close();
}
