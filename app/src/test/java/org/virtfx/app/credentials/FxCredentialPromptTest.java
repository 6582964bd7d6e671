package org.virtfx.app.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.auth.CredentialRequest;

class FxCredentialPromptTest {
    private static final List<CredentialRequest> NAME_AND_PASSWORD = List.of(
            new CredentialRequest(CredentialRequest.Kind.USER_NAME, "Username:", "root"),
            new CredentialRequest(CredentialRequest.Kind.PASSWORD, "root@host's password: ", ""));
    /** Stands in for the FX thread: one thread other than the asking one. */
    private final ExecutorService uiThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        uiThread.shutdownNow();
    }

    @Test
    void theOpeningThreadWaitsWhileTheDialogRunsOnTheUiThreadAndGetsWhatWasTyped() {
        AtomicReference<Thread> dialogThread = new AtomicReference<>();
        FxCredentialPrompt prompt = new FxCredentialPrompt(uiThread, vm -> {
            dialogThread.set(Thread.currentThread());
            assertEquals("Please enter your credentials for qemu+ssh://host/system", vm.heading());
            assertEquals(List.of("Username", "root@host's password"), vm.fields().stream().map(CredentialViewModel.Field::label).toList());
            assertEquals(List.of(false, true), vm.fields().stream().map(CredentialViewModel.Field::secret).toList());
            assertEquals("root", vm.fields().get(0).value().get(), "the user name starts at its default");
            vm.fields().get(1).value().set("s3cret");
            return Optional.of(vm.answers());
        });
        assertEquals(Optional.of(List.of("root", "s3cret")), prompt.ask("qemu+ssh://host/system", NAME_AND_PASSWORD));
        assertNotEquals(Thread.currentThread(), dialogThread.get());
    }

    @Test
    void cancelRefuses() {
        FxCredentialPrompt prompt = new FxCredentialPrompt(uiThread, vm -> Optional.empty());
        assertEquals(Optional.empty(), prompt.ask("qemu+ssh://host/system", NAME_AND_PASSWORD));
    }

    @Test
    void okWaitsForAUserNameButNotForASecret() {
        CredentialViewModel vm = new CredentialViewModel("qemu+ssh://host/system", List.of(
                new CredentialRequest(CredentialRequest.Kind.USER_NAME, "", ""),
                new CredentialRequest(CredentialRequest.Kind.PASSPHRASE, "", "")));
        assertFalse(vm.completeProperty().get());
        vm.fields().get(0).value().set("alice");
        assertTrue(vm.completeProperty().get(), "an empty passphrase is a passphrase");
        assertEquals(List.of("alice", ""), vm.answers());
    }
}
