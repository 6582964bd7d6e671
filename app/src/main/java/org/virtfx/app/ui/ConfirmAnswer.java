package org.virtfx.app.ui;

/** What the person answered, and whether they ticked "Don't ask me again". */
public record ConfirmAnswer(boolean accepted, boolean dontAskAgain) {
}
