package org.virtfx.core.domain;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * Turns a domain's inactive XML into its clone's, as virt-clone does: a new name, no UUID (the
 * driver assigns a fresh one on define), a new MAC address for every interface, and new source
 * paths for the disks being cloned. Everything else is kept, so the clone is the same machine.
 */
public final class DomainCloneXml {
    private final RandomGenerator random;

    /** @param random where the MAC addresses' last three bytes come from */
    public DomainCloneXml(RandomGenerator random) {
        this.random = random;
    }

    /**
     * @param newPaths disk target ("vda") to the cloned disk's new path; disks not named here are shared
     * @param takenMacs MAC addresses in use on the connection, in lower case, never handed out again
     */
    public String clone(String originalXml, String newName, Map<String, String> newPaths, Set<String> takenMacs) {
        XmlElement root = new XmlParser().parse(originalXml, "(domain)");
        root.setChildText("name", "", newName);
        root.child("uuid").ifPresent(root::remove);
        XmlElement devices = root.child("devices").orElse(null);
        if (devices == null) {
            return XmlFormat.format(root);
        }
        for (XmlElement nic : devices.children("interface")) {
            nic.child("mac").ifPresent(mac -> mac.attribute("address")
                    .ifPresent(address -> mac.setAttribute("address", newMac(address, takenMacs))));
            // A generated host-side name (vnet0, testnet0) belongs to the original; the driver makes another.
            nic.child("target").ifPresent(nic::remove);
        }
        for (XmlElement disk : devices.children("disk")) {
            String target = disk.child("target").flatMap(t -> t.attribute("dev")).orElse("");
            String path = newPaths.get(target);
            XmlElement source = disk.child("source").orElse(null);
            if (path != null && source != null) {
                String attribute = source.attribute("dev").isPresent() ? "dev" : "file";
                source.setAttribute(attribute, path);
            }
        }
        return XmlFormat.format(root);
    }

    /** The MAC addresses of a domain's interfaces, in lower case. */
    public static List<String> macs(String domainXml) {
        XmlElement root = new XmlParser().parse(domainXml, "(domain)");
        return root.child("devices").map(d -> d.children("interface")).orElse(List.of()).stream()
                .flatMap(nic -> nic.child("mac").flatMap(m -> m.attribute("address")).stream())
                .map(a -> a.toLowerCase(Locale.ROOT)).toList();
    }

    /** A random address with the original's vendor prefix (OUI), so the clone's NICs look alike. */
    private String newMac(String original, Set<String> taken) {
        String prefix = original.toLowerCase(Locale.ROOT).substring(0, 9);
        String mac;
        do {
            mac = prefix + String.format("%02x:%02x:%02x", random.nextInt(256), random.nextInt(256), random.nextInt(256));
        } while (taken.contains(mac) || mac.equals(original.toLowerCase(Locale.ROOT)));
        return mac;
    }
}
