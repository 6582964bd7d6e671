package org.virtfx.app.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.WorkerPoolTaskExecutor;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The virsh-compatible scripting mode. Like virsh it parses the whole line before running
 * anything, runs every command even after one fails, prints a blank line after each command
 * (unless quiet), and exits with the status of the last one. One argument is a command
 * string split on {@code ;}; several arguments are one command.
 */
public final class VirshShell {
    private static final int START_WORKERS = 8;
    private final Map<String, Class<? extends VirshCommand>> commands = new LinkedHashMap<>();
    private final Supplier<Connection> connector;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;

    public VirshShell(Supplier<Connection> connector, PrintStream out, PrintStream err, boolean quiet) {
        this.connector = connector;
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        for (var group : List.of(DomainCommands.all(), SnapshotCommands.all(), NetworkCommands.all(),
                HostCommands.all(), StorageCommands.all())) {
            for (Class<? extends VirshCommand> type : group) {
                commands.put(type.getAnnotation(Command.class).name(), type);
            }
        }
    }

    /** Runs the words given after the launcher's options; returns the exit status. */
    public int run(List<String> words) {
        List<VirshCommand> parsed = new ArrayList<>();
        try {
            List<List<String>> lines = words.size() == 1 ? CommandSplitter.split(words.get(0)) : List.of(words);
            for (List<String> line : lines) {
                if (line.get(0).equals("help")) {
                    List<String> topics = line.subList(1, line.size());
                    parsed.add(session -> help(session, topics));
                } else {
                    parsed.add(parse(line));
                }
            }
        } catch (IllegalArgumentException e) {
            e.getMessage().lines().forEach(line -> err.println("error: " + line));
            return 1;
        }
        Connection connection;
        try {
            connection = connector.get();
        } catch (VirtException e) {
            err.println("error: failed to connect to the hypervisor");
            err.println("error: " + e.getMessage());
            return 1;
        }
        boolean lastOk = true;
        try (connection; WorkerPoolTaskExecutor executor = new WorkerPoolTaskExecutor(START_WORKERS)) {
            CliSession session = new CliSession(connection, out, quiet, executor);
            for (VirshCommand command : parsed) {
                lastOk = runOne(command, session);
            }
        }
        out.flush();
        return lastOk ? 0 : 1;
    }

    private boolean runOne(VirshCommand command, CliSession session) {
        boolean ok;
        try {
            command.run(session);
            ok = true;
        } catch (CommandFailure failure) {
            out.flush();
            failure.lines().forEach(line -> err.println("error: " + line));
            ok = false;
        } catch (VirtException e) {
            out.flush();
            err.println("error: " + e.getMessage());
            ok = false;
        }
        session.extra("");
        return ok;
    }

    private VirshCommand parse(List<String> line) {
        String name = line.get(0);
        Class<? extends VirshCommand> type = commands.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown command: '" + name + "'");
        }
        // virsh reads '@word' as a word; picocli would read the named file's words instead, and
        // '@/dev/zero' would never end (found by CommandLineFuzzTest).
        CommandLine parser = new CommandLine(type).setExpandAtFiles(false);
        try {
            parser.parseArgs(VirshArguments.arrange(parser.getCommandSpec(), line.subList(1, line.size()))
                    .toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(virshText(name, e));
        }
        VirshCommand command = parser.getCommand();
        return emptyArgument(parser.getCommandSpec()).<VirshCommand>map(argument -> session -> {
            throw new CommandFailure("Failed to get option '" + argument + "': Option argument is empty");
        }).orElse(command);
    }

    /**
     * The name of an argument or option given as an empty word. virsh refuses those when the
     * command runs, so the command still fails in its turn, after the ones before it have run.
     */
    private static java.util.Optional<String> emptyArgument(CommandLine.Model.CommandSpec spec) {
        List<CommandLine.Model.ArgSpec> args = new ArrayList<>(spec.positionalParameters());
        args.addAll(spec.options());
        for (CommandLine.Model.ArgSpec arg : args) {
            Object value = arg.getValue();
            boolean empty = "".equals(value) || value instanceof List<?> list && list.contains("");
            if (empty) {
                String label = arg instanceof CommandLine.Model.OptionSpec option ? option.longestName()
                        : arg.paramLabel();
                return java.util.Optional.of(label.replaceAll("^--|^<|>$", ""));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * virsh's words for a command line it cannot parse, where virsh has them; picocli's otherwise.
     * Like virsh, every missing argument gets a line of its own: picocli names the first missing
     * argument only, and as arguments fill in order, every required one after it is missing too.
     */
    static String virshText(String command, CommandLine.ParameterException e) {
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            CommandLine.Model.ArgSpec first = missing.getMissing().get(0);
            if (first instanceof CommandLine.Model.OptionSpec option) {
                return "command '" + command + "' requires " + option.longestName() + " option";
            }
            List<CommandLine.Model.PositionalParamSpec> arguments =
                    e.getCommandLine().getCommandSpec().positionalParameters();
            return arguments.subList(Math.max(0, arguments.indexOf(first)), arguments.size()).stream()
                    .filter(argument -> argument.arity().min() > 0)
                    .map(argument -> "command '" + command + "' requires <"
                            + argument.paramLabel().replaceAll("^<|>$", "") + "> option")
                    .collect(java.util.stream.Collectors.joining("\n"));
        }
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String argument = unmatched.getUnmatched().get(0);
            return argument.startsWith("--") ? "command '" + command + "' doesn't support option " + argument
                    : "unexpected data '" + argument + "'";
        }
        return "command '" + command + "': " + e.getMessage();
    }

    private void help(CliSession session, List<String> topics) {
        // Help on one command is not written yet; an unknown one gets virsh's answer.
        topics.stream().filter(topic -> !commands.containsKey(topic)).findFirst().ifPresent(topic -> {
            throw new CommandFailure("command or command group '" + topic + "' doesn't exist");
        });
        commands.forEach((name, type) -> session.println(String.format("    %-18s %s", name,
                String.join(" ", type.getAnnotation(Command.class).description()))));
    }
}
