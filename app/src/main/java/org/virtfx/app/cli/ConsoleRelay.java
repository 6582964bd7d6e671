package org.virtfx.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.virtfx.core.domain.DomainConsole;

/**
 * Joins a terminal to a domain's console until the user types virsh's escape character
 * (Ctrl+], byte 0x1d), the terminal's input ends, or the console closes.
 */
final class ConsoleRelay {
    static final int ESCAPE = 0x1d;

    private ConsoleRelay() {
    }

    static void relay(InputStream terminal, OutputStream screen, DomainConsole console) throws IOException {
        Thread fromGuest = new Thread(() -> copy(console.input(), screen), "virtfx-console-output");
        fromGuest.setDaemon(true);
        fromGuest.start();
        OutputStream toGuest = console.output();
        byte[] buffer = new byte[4096];
        int n;
        outer:
        while (fromGuest.isAlive() && (n = terminal.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == ESCAPE) {
                    toGuest.write(buffer, 0, i);
                    break outer;
                }
            }
            toGuest.write(buffer, 0, n);
            toGuest.flush();
        }
        toGuest.flush();
        console.close();
        try {
            fromGuest.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = from.read(buffer)) > 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException closed) {
            // The console was closed: by the escape character, or because the guest stopped.
        }
    }
}
