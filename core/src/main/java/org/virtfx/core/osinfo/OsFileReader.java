package org.virtfx.core.osinfo;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtfx.core.xml.XmlElement;

/** Turns the {@code <os>} elements of one osinfo-db file into entries. */
final class OsFileReader {
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
                date(os, "eol-date"), untranslated(os, "release-status"), minimum, recommended);
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
