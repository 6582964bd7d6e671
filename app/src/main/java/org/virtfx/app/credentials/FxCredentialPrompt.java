package org.virtfx.app.credentials;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.application.Platform;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.auth.CredentialRequest;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The GUI's credential prompt: the opening thread (a worker) hands a view model to the FX thread,
 * which shows the dialog, and waits for the person's answer; Cancel refuses. Asking on the FX
 * thread itself would wait for itself, so it is refused.
 */
public final class FxCredentialPrompt implements CredentialPrompt {
    private final Executor fxThread;
    private final Function<CredentialViewModel, Optional<List<String>>> dialog;

    /**
     * @param fxThread runs work on the FX thread
     * @param dialog   shows the dialog for a view model and returns the answers, empty on Cancel;
     *                 called on the FX thread
     */
    public FxCredentialPrompt(Executor fxThread, Function<CredentialViewModel, Optional<List<String>>> dialog) {
        this.fxThread = fxThread;
        this.dialog = dialog;
    }

    @Override
    public Optional<List<String>> ask(String connection, List<CredentialRequest> requests) {
        if (Platform.isFxApplicationThread()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, "credentials for " + connection
                    + " were asked for on the GUI thread, which must not wait for a dialog");
        }
        CompletableFuture<Optional<List<String>>> answered = new CompletableFuture<>();
        fxThread.execute(() -> {
            try {
                answered.complete(dialog.apply(new CredentialViewModel(connection, requests)));
            } catch (RuntimeException e) {
                answered.completeExceptionally(e);
            }
        });
        try {
            return answered.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, "the credentials dialog failed: " + e.getCause().getMessage(),
                    null, e.getCause());
        }
    }
}
