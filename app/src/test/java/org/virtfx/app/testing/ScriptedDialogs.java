package org.virtfx.app.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.app.ui.Confirmation;
import org.virtfx.app.ui.DialogService;

/** Answers confirmations as scripted (yes when nothing is scripted) and records what was shown. */
public final class ScriptedDialogs implements DialogService {
    public final List<Confirmation> asked = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();
    public final Deque<ConfirmAnswer> answers = new ArrayDeque<>();

    @Override
    public ConfirmAnswer confirm(Confirmation confirmation) {
        asked.add(confirmation);
        return answers.isEmpty() ? new ConfirmAnswer(true, false) : answers.poll();
    }

    @Override
    public void showError(String summary, Throwable cause) {
        errors.add(summary + " | " + cause.getMessage());
    }

    @Override
    public void notify(String message) {
        notes.add(message);
    }
}
