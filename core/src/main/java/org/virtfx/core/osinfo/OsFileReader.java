package org.virtfx.core.osinfo;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.virtfx.core.xml.XmlElement;

/** Turns the {@code <os>} elements of one osinfo-db file into entries. */
final class OsFileReader {
    private static final Logger LOG = System.getLogger(OsFileReader.class.getName());

    private OsFileReader() {
    }

    static List<OsEntry> entries(XmlElement libosinfo) {
        return libosinfo.children("os").stream().filter(os -> os.attribute("id").isPresent())
                .map(OsFileReader::entry).toList();
    }

    private static OsEntry entry(XmlElement os) {
        Map<String, OsResources> minimum = new HashMap<>();
        Map<String, OsResources> recommended = new HashMap<>();
        for (XmlElement resources : os.children("resources")) {
            String arch = resources.attribute("arch").orElse("all");
            resources.child("minimum").ifPresent(m -> minimum.put(arch, resources(m)));
            resources.child("recommended").ifPresent(r -> recommended.put(arch, resources(r)));
        }
        return new OsEntry(os.attribute("id").orElseThrow(),
                os.children("short-id").stream().map(e -> e.text().strip()).toList(),
                untranslated(os, "name"), untranslated(os, "version"), untranslated(os, "vendor"),
                untranslated(os, "family"), untranslated(os, "distro"), date(os, "release-date"),
                date(os, "eol-date"), untranslated(os, "release-status"), minimum, recommended, install(os));
    }

    private static OsInstall install(XmlElement os) {
        List<MediaRule> media = new ArrayList<>();
        for (XmlElement m : os.children("media")) {
            XmlElement iso = m.child("iso").orElse(new XmlElement("iso"));
            try {
                media.add(new MediaRule(m.attribute("arch").orElse("all"), pattern(iso, "volume-id"),
                        pattern(iso, "system-id"), pattern(iso, "publisher-id"), pattern(iso, "application-id"),
                        number(iso, "volume-size"), text(m, "kernel"), text(m, "initrd")));
            } catch (PatternSyntaxException e) {
                skipped(os, m, e);
            }
        }
        List<TreeRule> trees = new ArrayList<>();
        for (XmlElement t : os.children("tree")) {
            XmlElement info = t.child("treeinfo").orElse(new XmlElement("treeinfo"));
            try {
                trees.add(new TreeRule(t.attribute("arch").orElse("all"), text(t, "url"), pattern(info, "family"),
                        pattern(info, "variant"), pattern(info, "version"), pattern(info, "arch"),
                        text(t, "kernel"), text(t, "initrd")));
            } catch (PatternSyntaxException e) {
                skipped(os, t, e);
            }
        }
        List<OsFirmware> firmware = os.children("firmware").stream()
                .map(f -> new OsFirmware(f.attribute("arch").orElse("all"), f.attribute("type").orElse(""),
                        !f.attribute("supported").orElse("true").equals("false")))
                .toList();
        Map<String, Boolean> devices = new HashMap<>();
        for (XmlElement list : os.children("devices")) {
            for (XmlElement device : list.children("device")) {
                device.attribute("id").ifPresent(id ->
                        devices.put(id, !device.attribute("supported").orElse("true").equals("false")));
            }
        }
        List<String> inherits = new ArrayList<>();
        for (String relation : List.of("derives-from", "clones")) {
            os.children(relation).forEach(r -> r.attribute("id").ifPresent(inherits::add));
        }
        return new OsInstall(media, trees, firmware, text(os, "kernel-url-argument"), devices, inherits);
    }

    /** osinfo-db's regular expressions are GLib's (PCRE); the few Java cannot read leave their rule out. */
    private static Optional<Pattern> pattern(XmlElement parent, String childName) {
        return parent.childText(childName).map(String::strip).filter(s -> !s.isEmpty()).map(Pattern::compile);
    }

    private static void skipped(XmlElement os, XmlElement rule, PatternSyntaxException e) {
        LOG.log(Level.WARNING, "Skipping a <" + rule.name() + "> of " + os.attribute("id").orElse("?") + " at "
                + rule.position() + ": " + e.getDescription());
    }

    private static String text(XmlElement parent, String childName) {
        return parent.childText(childName).map(String::strip).orElse("");
    }

    /** The text of the first child without {@code xml:lang}: names and vendors come translated too. */
    private static String untranslated(XmlElement os, String childName) {
        return os.children(childName).stream().filter(e -> e.attribute("xml:lang").isEmpty())
                .map(e -> e.text().strip()).findFirst().orElse("");
    }

    private static Optional<LocalDate> date(XmlElement os, String childName) {
        String text = untranslated(os, childName);
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            // A malformed date makes the entry undated, which is how libosinfo treats it too.
            return Optional.empty();
        }
    }

    private static OsResources resources(XmlElement element) {
        return new OsResources(number(element, "ram"), (int) number(element, "n-cpus"), number(element, "storage"));
    }

    private static long number(XmlElement element, String childName) {
        try {
            return element.childText(childName).map(String::strip).map(Long::parseLong).orElse(0L);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
