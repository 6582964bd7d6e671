package org.virtfx.core.auth;

import java.io.Console;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The command line's prompt: asks on the process's terminal, as virsh does, without echo for
 * secrets. Without a terminal (a pipe, cron, a service) it refuses with an error that says so,
 * instead of reading a password from standard input.
 */
public final class TerminalCredentialPrompt implements CredentialPrompt {
    private final Optional<Terminal> terminal;

    /** What the prompt needs of a terminal; {@link java.io.Console} in the program. */
    public interface Terminal {
        /** Shows a line of text. */
        void say(String text);

        /** Reads a line with echo; null at end of input. */
        String readLine(String prompt);

        /** Reads a line without echo; null at end of input. */
        char[] readSecret(String prompt);
    }

    public TerminalCredentialPrompt(Optional<Terminal> terminal) {
        this.terminal = terminal;
    }

    /** The process's terminal, {@link System#console()}, when it has one. */
    public static TerminalCredentialPrompt ofProcess() {
        Console console = System.console();
        return new TerminalCredentialPrompt(console == null ? Optional.empty() : Optional.of(new Terminal() {
            @Override
            public void say(String text) {
                console.printf("%s%n", text);
                console.flush();
            }

            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public char[] readSecret(String prompt) {
                return console.readPassword("%s", prompt);
            }
        }));
    }

    /** Asks on the terminal when the process has one, where ssh may then ask too, as under virsh. */
    @Override
    public boolean asksOnTerminal() {
        return terminal.isPresent();
    }

    @Override
    public Optional<List<String>> ask(String connection, List<CredentialRequest> requests) {
        if (terminal.isEmpty()) {
            throw new VirtException(ErrorCode.NO_CONNECT, "cannot ask for the "
                    + requests.stream().map(r -> r.kind().label().toLowerCase(java.util.Locale.ROOT)).distinct()
                            .reduce((a, b) -> a + " and " + b).orElse("credentials")
                    + " of " + connection + ": there is no terminal to ask on (use an SSH key or agent, or run "
                    + "the command in a terminal)");
        }
        Terminal t = terminal.get();
        t.say("Credentials for " + connection);
        List<String> answers = new ArrayList<>(requests.size());
        for (CredentialRequest request : requests) {
            String prompt = request.label()
                    + (request.defaultAnswer().isEmpty() || request.secret() ? "" : " [" + request.defaultAnswer() + "]")
                    + ": ";
            String answer;
            if (request.secret()) {
                char[] secret = t.readSecret(prompt);
                if (secret == null) {
                    return Optional.empty();
                }
                answer = new String(secret);
                Arrays.fill(secret, '\0');
            } else {
                answer = t.readLine(prompt);
                if (answer == null) {
                    return Optional.empty();
                }
            }
            answers.add(answer.isEmpty() ? request.defaultAnswer() : answer);
        }
        return Optional.of(answers);
    }
}
