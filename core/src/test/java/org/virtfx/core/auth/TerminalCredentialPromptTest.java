package org.virtfx.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;

class TerminalCredentialPromptTest {

    /** A terminal with typed lines queued; it records what was shown and how each line was read. */
    private static final class TypedTerminal implements TerminalCredentialPrompt.Terminal {
        final Deque<String> typed;
        final List<String> shown = new ArrayList<>();

        TypedTerminal(String... lines) {
            typed = new ArrayDeque<>(List.of(lines));
        }

        @Override
        public void say(String text) {
            shown.add(text);
        }

        @Override
        public String readLine(String prompt) {
            shown.add("echo " + prompt);
            return typed.poll();
        }

        @Override
        public char[] readSecret(String prompt) {
            shown.add("secret " + prompt);
            String line = typed.poll();
            return line == null ? null : line.toCharArray();
        }
    }

    private static final List<CredentialRequest> USER_AND_PASSWORD = List.of(
            new CredentialRequest(CredentialRequest.Kind.USER_NAME, "Username:", "root"),
            new CredentialRequest(CredentialRequest.Kind.PASSWORD, "root@host's password: ", ""));

    @Test
    void userNamesEchoSecretsDoNotAndAnEmptyAnswerTakesTheDefault() {
        TypedTerminal terminal = new TypedTerminal("", "s3cret");
        Optional<List<String>> answers = new TerminalCredentialPrompt(Optional.of(terminal))
                .ask("qemu+ssh://host/system", USER_AND_PASSWORD);
        assertEquals(Optional.of(List.of("root", "s3cret")), answers);
        assertEquals(List.of("Credentials for qemu+ssh://host/system", "echo Username [root]: ",
                "secret root@host's password: "), terminal.shown);
    }

    @Test
    void endOfInputCancels() {
        assertEquals(Optional.empty(), new TerminalCredentialPrompt(Optional.of(new TypedTerminal("alice")))
                .ask("qemu+ssh://host/system", USER_AND_PASSWORD));
    }

    @Test
    void onlyAPromptWithATerminalLetsSshAskThereToo() {
        assertTrue(new TerminalCredentialPrompt(Optional.of(new TypedTerminal())).asksOnTerminal());
        assertFalse(new TerminalCredentialPrompt(Optional.empty()).asksOnTerminal());
        assertFalse(CredentialPrompt.NONE.asksOnTerminal());
    }

    @Test
    void withoutATerminalItRefusesSayingWhatWasAskedAndWhy() {
        VirtException e = assertThrows(VirtException.class, () -> new TerminalCredentialPrompt(Optional.empty())
                .ask("qemu+ssh://host/system", USER_AND_PASSWORD));
        assertEquals("cannot ask for the username and password of qemu+ssh://host/system: there is no terminal to ask on"
                + " (use an SSH key or agent, or run the command in a terminal)", e.getMessage());
    }
}
