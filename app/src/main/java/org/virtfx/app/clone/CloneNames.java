package org.virtfx.app.clone;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** virt-clone's rules for naming a clone and its disk files. */
final class CloneNames {
    private static final Pattern CLONE_SUFFIX = Pattern.compile("-clone([1-9][0-9]*)?$");

    private CloneNames() {
    }

    /**
     * "vm" becomes "vm-clone", then "vm-clone1", "vm-clone2"...; cloning "vm-clone" gives
     * "vm-clone1" rather than "vm-clone-clone", and "vm-clone3" gives "vm-clone4".
     */
    static String cloneName(String original, Set<String> taken) {
        Matcher m = CLONE_SUFFIX.matcher(original);
        String base = original;
        int n = 0;
        if (m.find()) {
            base = original.substring(0, m.start());
            n = m.group(1) == null ? 1 : Integer.parseInt(m.group(1)) + 1;
        }
        base += "-clone";
        String name = n == 0 ? base : base + n;
        while (taken.contains(name)) {
            n++;
            name = base + n;
        }
        return name;
    }

    /**
     * The new disk file next to the original: "/d/disk.qcow2" becomes "/d/disk-clone.qcow2", a
     * file named after the VM takes the clone's name ("/d/vm.img" to "/d/vm-clone.img"), and
     * "-1", "-2"... keep it apart from paths in use. An ending of more than 7 characters is
     * not taken for a file type.
     */
    static String clonePath(String path, String originalName, String newName, Set<String> taken) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        String suffix = dot > slash && path.length() - dot - 1 <= 7 ? path.substring(dot) : "";
        String stem = path.substring(0, path.length() - suffix.length());
        String dir = stem.substring(0, slash + 1);
        String file = stem.substring(slash + 1);
        String base = dir + (file.equals(originalName) ? newName : file + "-clone");
        String candidate = base + suffix;
        for (int n = 1; taken.contains(candidate); n++) {
            candidate = base + "-" + n + suffix;
        }
        return candidate;
    }
}
