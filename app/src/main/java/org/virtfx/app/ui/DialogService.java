package org.virtfx.app.ui;

/**
 * Every dialog the manager shows goes through here, so all errors look the same and tests can
 * answer dialogs without a screen. Called on the UI thread.
 */
public interface DialogService {

    ConfirmAnswer confirm(Confirmation confirmation);

    /**
     * Shows an error: {@code summary} is one line a person understands; the technical detail of
     * {@code cause} goes in an expander, and the whole error goes to the log.
     */
    void showError(String summary, Throwable cause);

    /** A short, non-blocking note for the person (shown in the status bar). */
    void notify(String message);
}
