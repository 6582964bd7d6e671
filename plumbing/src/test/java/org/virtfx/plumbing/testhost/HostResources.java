package org.virtfx.plumbing.testhost;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a host-level test fixture makes outside its JVM, as its lease names it: named network
 * namespaces, folders (anything whose command line or working directory lies in one is the
 * fixture's process) and cgroups, by their path under each hierarchy's root
 * ({@code virtfx-test-TAG}, made in whichever hierarchies the fixture uses).
 */
public record HostResources(List<String> namespaces, List<Path> folders, List<String> cgroups) {
    public HostResources {
        namespaces = List.copyOf(namespaces);
        folders = List.copyOf(folders);
        cgroups = List.copyOf(cgroups);
        for (String namespace : namespaces) {
            // ip netns's rule, so that a lease can name nothing outside /run/netns.
            if (!namespace.matches("[A-Za-z0-9_.-]{1,64}") || namespace.equals(".") || namespace.equals("..")) {
                throw new IllegalArgumentException("invalid network namespace name '" + namespace + "' in a test lease");
            }
        }
        for (Path folder : folders) {
            // A relative or shallow folder would let a sweep kill and delete far more than a test made.
            if (!folder.isAbsolute() || folder.normalize().getNameCount() < 2 || !folder.equals(folder.normalize())
                    || folder.toString().contains("\n")) {
                throw new IllegalArgumentException("a test lease's folder must be an absolute, normalized path below a "
                        + "top-level folder: '" + folder + "'");
            }
        }
        for (String cgroup : cgroups) {
            Path path = Path.of(cgroup);
            if (cgroup.isEmpty() || path.isAbsolute() || !path.equals(path.normalize()) || cgroup.startsWith("..")
                    || cgroup.contains("\n")) {
                throw new IllegalArgumentException("a test lease's cgroup must be a relative path below the hierarchy's "
                        + "root: '" + cgroup + "'");
            }
        }
    }

    public static HostResources namespace(String name) {
        return new HostResources(List.of(name), List.of(), List.of());
    }

    public static HostResources folder(Path folder) {
        return new HostResources(List.of(), List.of(folder), List.of());
    }

    /** The lease file's lines, one resource a line. */
    String format() {
        StringBuilder text = new StringBuilder();
        namespaces.forEach(n -> text.append("namespace ").append(n).append('\n'));
        folders.forEach(f -> text.append("folder ").append(f).append('\n'));
        cgroups.forEach(c -> text.append("cgroup ").append(c).append('\n'));
        return text.toString();
    }

    /** Reads {@link #format}'s lines, skipping the others (the lease's header). */
    static HostResources parse(List<String> lines) {
        List<String> namespaces = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        List<String> cgroups = new ArrayList<>();
        for (String line : lines) {
            int space = line.indexOf(' ');
            String value = space < 0 ? "" : line.substring(space + 1);
            switch (space < 0 ? line : line.substring(0, space)) {
                case "namespace" -> namespaces.add(value);
                case "folder" -> folders.add(Path.of(value));
                case "cgroup" -> cgroups.add(value);
                default -> {
                    // The header: who held the lease, for a reader.
                }
            }
        }
        return new HostResources(namespaces, folders, cgroups);
    }

    @Override
    public String toString() {
        return "namespaces " + namespaces + ", folders " + folders + ", cgroups " + cgroups;
    }
}
