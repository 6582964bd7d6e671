package org.virtfx.bench.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.virtfx.app.console.ConsoleWarmUp;

/**
 * The classes a process's first console open loaded, from the JVM's {@code -Xlog:class+load}
 * log of {@link ConsoleOpen}'s cold run, by the rule of the app's {@code console-classes.txt}
 * ({@link ConsoleWarmUp}): from the first open on (after the manager has shown, as in the app);
 * JavaFX's scene-graph and control classes, the JDK's and VirtFX's app and core classes; not
 * glass, prism, fonts or the toolkit, no lambda or hidden class, nothing the JDK maps from its
 * class-data archive, and none of VirtFX's lazy holders, whose set-up loads data (the osinfo
 * database) rather than code.
 */
final class ConsoleClassList {
    private static final String FIRST_OPEN_BEGINS = ConsoleOpen.FirstOpen.class.getName();
    private static final Pattern KEPT = Pattern.compile("(javafx|com\\.sun\\.javafx|com\\.sun\\.scenario\\.animation"
            + "|org\\.virtfx\\.app|org\\.virtfx\\.core|java|javax|com\\.sun\\.org\\.apache)\\..*");
    private static final Pattern LEFT_OUT = Pattern.compile("com\\.sun\\.javafx\\.(tk|font|sg\\.prism|webkit|iio)\\..*"
            + "|org\\.virtfx\\..*Holder|.*\\$\\$Lambda.*|.*/0x.*");
    private static final String HEADER = """
            # The classes a process's first open of a VM window on its graphical console loads, in the order it
            # loads them: ConsoleWarmUp loads and initializes them on a worker once the manager is up. Written by
            # bench/run console (CONSOLE_CLASSES=FILE); only JavaFX's scene-graph and control classes, the JDK's,
            # and VirtFX's app and core classes (see ConsoleWarmUp).
            """;

    private final List<String> loaded;

    private ConsoleClassList(List<String> loaded) {
        this.loaded = loaded;
    }

    /** The first open's classes in the log, in load order. */
    static ConsoleClassList fromLog(Path log) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        boolean opening = false;
        for (String line : Files.readAllLines(log)) {
            String[] fields = line.split(" ");
            if (fields.length < 4 || !fields[2].equals("source:")) {
                continue;
            }
            String name = fields[1];
            opening |= name.equals(FIRST_OPEN_BEGINS);
            if (opening && !line.endsWith("source: shared objects file") && KEPT.matcher(name).matches()
                    && !LEFT_OUT.matcher(name).matches()) {
                names.add(name);
            }
        }
        if (!opening) {
            throw new IllegalStateException("the class-load log " + log + " never loads " + FIRST_OPEN_BEGINS);
        }
        return new ConsoleClassList(List.copyOf(names));
    }

    /** How many of the first open's classes the app's list lacks. */
    int unlisted() {
        Set<String> listed = Set.copyOf(ConsoleWarmUp.listed());
        return (int) loaded.stream().filter(name -> !listed.contains(name)).count();
    }

    /**
     * Writes the app's list brought up to date, in its resource format, through a temporary
     * file: the listed classes this build still has, in their order, then the first open's
     * classes the list lacked. Entries are never dropped only because this run's manager had
     * loaded them already: the app's manager may have loaded fewer.
     */
    void writeUpdated(Path file) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String name : ConsoleWarmUp.listed()) {
            try {
                Class.forName(name, false, ConsoleClassList.class.getClassLoader());
                names.add(name);
            } catch (ClassNotFoundException e) {
                // Renamed or removed: left out of the new list.
            }
        }
        names.addAll(loaded);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, HEADER + String.join("\n", names) + "\n");
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    int size() {
        return loaded.size();
    }
}
