package org.virtfx.app.ui;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.virtfx.core.error.VirtException;

/** Turns an exception into the two parts every error dialog shows. */
public final class ErrorText {
    private ErrorText() {
    }

    /** The message a person reads: the driver's own one-liner, or the exception's message. */
    public static String message(Throwable error) {
        Throwable e = unwrap(error);
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Technical details: the driver's detail when it has one, then the stack trace. */
    public static String details(Throwable error) {
        Throwable e = unwrap(error);
        StringWriter out = new StringWriter();
        if (e instanceof VirtException v) {
            out.append("Error code: ").append(v.code().name()).append('\n');
            if (v.detail() != null) {
                out.append(v.detail()).append("\n\n");
            }
        }
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
