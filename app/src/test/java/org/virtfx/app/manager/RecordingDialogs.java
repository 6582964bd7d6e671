package org.virtfx.app.manager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.app.ui.Confirmation;
import org.virtfx.app.ui.DialogService;

/** Answers confirmations as scripted and records everything asked and shown. */
final class RecordingDialogs implements DialogService {
    final List<Confirmation> asked = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final Deque<ConfirmAnswer> answers = new ArrayDeque<>();

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
    }
}
