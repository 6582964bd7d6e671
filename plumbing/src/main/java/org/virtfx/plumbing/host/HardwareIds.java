package org.virtfx.plumbing.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtfx.core.error.VirtException;

/**
 * Vendor and product names from an ID database in the pci.ids / usb.ids format: a vendor line
 * ({@code 8086  Intel Corporation}), its products indented by one tab, subsystems by two, and
 * after the vendors other sections (device classes, languages) that start with a keyword.
 * Only the vendors asked for are kept, so a lookup costs one pass over the file and no more
 * memory than the answer.
 */
final class HardwareIds {
    private static final Pattern VENDOR = Pattern.compile("([0-9a-f]{4})\\s+(.+)");
    private static final Pattern PRODUCT = Pattern.compile("\t([0-9a-f]{4})\\s+(.+)");

    private final Map<String, String> vendors = new HashMap<>();
    private final Map<String, String> products = new HashMap<>();

    private HardwareIds() {
    }

    /**
     * Reads the first of {@code candidates} that exists; with none, every name is unknown.
     *
     * @param wantedVendors four lowercase hex digits each, without "0x"
     * @throws VirtException when the database exists but cannot be read
     */
    static HardwareIds read(List<Path> candidates, Set<String> wantedVendors) {
        HardwareIds ids = new HardwareIds();
        Optional<Path> database = candidates.stream().filter(Files::isReadable).findFirst();
        if (database.isEmpty() || wantedVendors.isEmpty()) {
            return ids;
        }
        // The files are UTF-8 today; older copies had Latin-1 names, which must not stop the read.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(database.get()),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            String vendor = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("\t\t")) {
                    continue;
                }
                Matcher v = VENDOR.matcher(line);
                if (v.matches()) {
                    vendor = wantedVendors.contains(v.group(1)) ? v.group(1) : null;
                    if (vendor != null) {
                        ids.vendors.put(vendor, v.group(2).strip());
                    }
                    continue;
                }
                if (!line.startsWith("\t")) {
                    // "C 00  Unclassified device" and the like: the vendor list is over.
                    break;
                }
                Matcher p = PRODUCT.matcher(line);
                if (vendor != null && p.matches()) {
                    ids.products.put(vendor + ":" + p.group(1), p.group(2).strip());
                }
            }
        } catch (IOException e) {
            throw VirtException.system("Could not read the hardware ID database " + database.get(), e);
        }
        return ids;
    }

    /** The vendor's name, or empty. */
    String vendor(String vendorId) {
        return vendors.getOrDefault(vendorId, "");
    }

    /** The product's name, or empty. */
    String product(String vendorId, String productId) {
        return products.getOrDefault(vendorId + ":" + productId, "");
    }
}
