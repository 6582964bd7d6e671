package org.virtfx.app.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.virtfx.core.domain.DomainConsole;

/**
 * Joins a domain's {@link DomainConsole} to a {@link TerminalBuffer}: a reader thread takes bytes from the
 * stream and hands each chunk to the UI thread, which feeds the buffer; keystrokes and pastes go
 * to the stream's output. When the stream ends, {@code ended} is told why, on the UI thread, so
 * the console area can say so instead of raising a dialog.
 */
public final class TerminalSession implements AutoCloseable {
    private final DomainConsole stream;
    private final TerminalBuffer buffer;
    private final Executor ui;
    private final Runnable changed;
    private final Consumer<String> ended;
    private final Thread reader;
    private volatile boolean closing;

    /**
     * @param changed runs on the UI thread after the buffer changed, to redraw
     */
    public TerminalSession(DomainConsole stream, TerminalBuffer buffer, Executor ui, Runnable changed,
                           Consumer<String> ended) {
        this.stream = stream;
        this.buffer = buffer;
        this.ui = ui;
        this.changed = changed;
        this.ended = ended;
        reader = new Thread(this::read, "virtfx-console-reader");
        reader.setDaemon(true);
    }

    public void start() {
        reader.start();
    }

    private void read() {
        byte[] chunk = new byte[8192];
        String why = "The console stream ended";
        try (InputStream in = stream.input()) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                byte[] copy = java.util.Arrays.copyOf(chunk, n);
                ui.execute(() -> {
                    buffer.feed(copy, 0, copy.length);
                    changed.run();
                });
            }
        } catch (IOException e) {
            why = "The console stream failed: " + e.getMessage();
        }
        if (!closing) {
            String message = why;
            ui.execute(() -> ended.accept(message));
        }
    }

    /** Sends keystrokes or pasted text; an error ends the session as a closed stream would. */
    public void send(byte[] bytes) {
        try {
            stream.output().write(bytes);
            stream.output().flush();
        } catch (IOException e) {
            ui.execute(() -> ended.accept("Cannot write to the console: " + e.getMessage()));
        }
    }

    /** Pastes text, with line ends as the Enter key sends them. */
    public void paste(String text) {
        send(text.replace("\r\n", "\r").replace('\n', '\r').getBytes(StandardCharsets.UTF_8));
    }

    public void resize(int cols, int rows) {
        if (cols != buffer.cols() || rows != buffer.rows()) {
            buffer.resize(cols, rows);
            stream.resize(cols, rows);
            changed.run();
        }
    }

    @Override
    public void close() {
        closing = true;
        stream.close();
    }
}
