package org.virtfx.app.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Puts a command's words in the order picocli reads, the way virsh reads them: every argument
 * may also be given by its name ({@code --domain test}, {@code --file=x.xml}), a word after
 * {@code --} is always an argument, and virsh's own words answer an option given twice, a flag
 * given a value and a named argument without one. Arguments come last, after {@code --}, so
 * picocli never takes a value such as {@code -x} for an option; what is left over stays for
 * picocli to report as unexpected data.
 */
final class VirshArguments {

    private VirshArguments() {
    }

    static List<String> arrange(CommandSpec spec, List<String> words) {
        List<PositionalParamSpec> arguments = spec.positionalParameters();
        Map<PositionalParamSpec, List<String>> given = new LinkedHashMap<>();
        List<String> options = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean onlyArguments = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (onlyArguments || !word.startsWith("--") || word.length() == 2) {
                if (!onlyArguments && word.equals("--")) {
                    onlyArguments = true;
                } else {
                    bare(word, arguments, given, seen, extra);
                }
                continue;
            }
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            OptionSpec option = spec.findOption(name);
            PositionalParamSpec argument = option == null ? named(arguments, name) : null;
            if (option == null && argument == null) {
                options.add(word);
                continue;
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("option " + name + " already seen");
            }
            boolean flag = option != null && option.arity().max() == 0;
            if (flag) {
                if (equals >= 0) {
                    throw new IllegalArgumentException("invalid '=' after option " + name);
                }
                options.add(name);
                continue;
            }
            String value;
            if (equals >= 0) {
                value = word.substring(equals + 1);
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new IllegalArgumentException("expected syntax: " + name + " <string>");
            }
            if (option != null) {
                options.add(name);
                options.add(value);
            } else {
                given.computeIfAbsent(argument, a -> new ArrayList<>()).add(value);
            }
        }
        List<String> arranged = new ArrayList<>(options);
        arranged.add("--");
        for (PositionalParamSpec argument : arguments) {
            arranged.addAll(given.getOrDefault(argument, List.of()));
        }
        arranged.addAll(extra);
        return arranged;
    }

    /** A word that is not an option fills the first argument not yet given, as in virsh. */
    private static void bare(String word, List<PositionalParamSpec> arguments,
                             Map<PositionalParamSpec, List<String>> given, Set<String> seen, List<String> extra) {
        for (PositionalParamSpec argument : arguments) {
            List<String> values = given.get(argument);
            boolean open = values == null || argument.arity().max() > values.size();
            if (open) {
                seen.add(optionName(argument));
                given.computeIfAbsent(argument, a -> new ArrayList<>()).add(word);
                return;
            }
        }
        extra.add(word);
    }

    private static PositionalParamSpec named(List<PositionalParamSpec> arguments, String name) {
        return arguments.stream().filter(a -> optionName(a).equals(name)).findFirst().orElse(null);
    }

    /** The name virsh gives an argument: {@code <domain>} is {@code --domain}. */
    private static String optionName(PositionalParamSpec argument) {
        return "--" + argument.paramLabel().replaceAll("^<|>$", "");
    }
}
