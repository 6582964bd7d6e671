package org.virtfx.app.ui;

/**
 * A yes/no question before an action that cannot be undone.
 *
 * @param question the header, e.g. "Are you sure you want to force poweroff 'vm000'?"
 * @param explanation what will happen, in a sentence or two
 * @param offerDontAskAgain whether to show the "Don't ask me again" check box
 */
public record Confirmation(String title, String question, String explanation, boolean offerDontAskAgain) {
}
