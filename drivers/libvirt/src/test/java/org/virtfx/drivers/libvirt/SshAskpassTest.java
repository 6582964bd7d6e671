package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.auth.CredentialRequest;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.error.ErrorCode;

/** virtfx-askpass, run as ssh runs it, against this process's {@link SshAskpass}. */
class SshAskpassTest {
    @TempDir
    Path parent;
    private SshAskpass askpass;

    @BeforeEach
    void start() {
        askpass = SshAskpass.start(parent, Optional.empty());
    }

    @AfterEach
    void stop() {
        askpass.close();
    }

    /** Runs the program as ssh does (the prompt as its only argument): exit status, standard output, standard error. */
    private List<String> runAskpass(String sshPrompt) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(askpass.command().toString(), sshPrompt).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virtfx-askpass did not end");
        }
        return List.of(Integer.toString(p.exitValue()), out, err);
    }

    @Test
    void sshsPromptReachesTheOpeningConnectionsPromptAndTheAnswerReachesSsh() throws Exception {
        List<CredentialRequest> asked = new ArrayList<>();
        CredentialPrompt person = (connection, requests) -> {
            assertEquals("qemu+ssh://root@host/system", connection);
            asked.addAll(requests);
            return Optional.of(List.of("pass word 1"));
        };
        try (SshAskpass.Armed armed = askpass.arm("qemu+ssh://root@host/system", person)) {
            assertEquals(List.of("0", "pass word 1\n", ""), runAskpass("root@host's password: "));
            assertEquals(List.of("0", "pass word 1\n", ""), runAskpass("Enter passphrase for key '/root/.ssh/id_ed25519': "));
        }
        assertEquals(List.of(CredentialRequest.Kind.PASSWORD, CredentialRequest.Kind.PASSPHRASE),
                asked.stream().map(CredentialRequest::kind).toList());
        assertEquals("root@host's password", asked.get(0).label());
        // The directory is the user's alone; the token is replaced after every request.
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(askpass.command().getParent())));
    }

    @Test
    void cancelNoOpeningConnectionAndAPromptThatCannotAskAreRefusedToSsh() throws Exception {
        assertEquals(List.of("1", "", "virtfx-askpass: refused: no VirtFX connection is opening\n"),
                runAskpass("root@host's password: "));
        try (SshAskpass.Armed armed = askpass.arm("qemu+ssh://host/system", (c, r) -> Optional.empty())) {
            assertEquals(List.of("1", "", "virtfx-askpass: refused: cancelled\n"), runAskpass("root@host's password: "));
        }
        try (SshAskpass.Armed armed = askpass.arm("qemu+ssh://host/system", (c, r) -> {
            throw new VirtException(ErrorCode.NO_CONNECT, "there is no terminal to ask on");
        })) {
            assertEquals(List.of("1", "", "virtfx-askpass: refused: there is no terminal to ask on\n"),
                    runAskpass("root@host's password: "));
        }
    }

    @Test
    void aRequestWithoutTheCurrentTokenIsRefused() throws Exception {
        Path token = askpass.command().resolveSibling("token");
        Files.writeString(token, "0".repeat(64));
        try (SshAskpass.Armed armed = askpass.arm("qemu+ssh://host/system", (c, r) -> Optional.of(List.of("secret")))) {
            assertEquals(List.of("1", "", "virtfx-askpass: refused: the request did not come from VirtFX's own ssh (wrong token)\n"),
                    runAskpass("root@host's password: "));
        }
    }

    @Test
    void sshsPromptsAreReadForWhatTheyAsk() {
        assertEquals(CredentialRequest.Kind.ANSWER, SshAskpass.request(
                "Are you sure you want to continue connecting (yes/no/[fingerprint])? ").kind());
        assertEquals(CredentialRequest.Kind.SECRET_ANSWER, SshAskpass.request("Verification code: ").kind());
    }
}
