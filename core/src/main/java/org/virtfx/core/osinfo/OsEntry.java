package org.virtfx.core.osinfo;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * One operating system of libosinfo's database.
 *
 * @param id the URI libvirt metadata names it by, such as {@code http://debian.org/debian/11}
 * @param shortIds virt-install's names, the first being the usual one ("debian11", "debianbullseye")
 * @param releaseStatus "released", "rolling", "prerelease" or "snapshot"; empty means released
 * @param minimum minimum resources by architecture ("all", "x86_64", ...)
 * @param recommended recommended resources by architecture
 * @param install its media, trees and firmware, as this entry itself names them (see
 *                {@link OsDatabase} for what it inherits)
 */
public record OsEntry(String id, List<String> shortIds, String name, String version, String vendor,
                      String family, String distro, Optional<LocalDate> releaseDate,
                      Optional<LocalDate> eolDate, String releaseStatus,
                      Map<String, OsResources> minimum, Map<String, OsResources> recommended,
                      OsInstall install) {

    /** libosinfo's id for an OS it does not know; virt-manager's "Generic or unknown OS". */
    public static final String GENERIC_ID = "http://libosinfo.org/unknown";

    /** Always offered, even without a database, as virt-manager offers it. */
    public static final OsEntry GENERIC = new OsEntry(GENERIC_ID, List.of("generic"), "Generic or unknown OS",
            "", "", "", "", Optional.empty(), Optional.empty(), "", Map.of(), Map.of(), OsInstall.NONE);

    public OsEntry {
        shortIds = List.copyOf(shortIds);
        minimum = Map.copyOf(minimum);
        recommended = Map.copyOf(recommended);
    }

    public boolean isRolling() {
        return releaseStatus.equals("rolling");
    }

    public String shortId() {
        return shortIds.isEmpty() ? "" : shortIds.get(0);
    }

    public boolean isGeneric() {
        return id.equals(GENERIC_ID);
    }

    /**
     * virt-manager's end-of-life test: past its EOL date; without one, released more than ten
     * years ago, unless it is a rolling release.
     */
    public boolean isEol(LocalDate today) {
        if (eolDate.isPresent()) {
            return today.isAfter(eolDate.get());
        }
        if (isRolling()) {
            return false;
        }
        return releaseDate.map(released -> today.isAfter(released.plusDays(365L * 10))).orElse(false);
    }

    /**
     * What to propose on {@code arch}, as virt-manager's osdict does: the recommended value
     * (for the arch, else "all"), else twice the minimum, else the generic default.
     */
    public Recommendation recommendation(String arch) {
        long ram = pick(arch, OsResources::ramBytes);
        long cpus = pick(arch, OsResources::cpus);
        long storage = pick(arch, OsResources::storageBytes);
        return new Recommendation(ram > 0 ? (int) (ram >> 20) : Recommendation.GENERIC.memoryMiB(),
                cpus > 0 ? (int) cpus : Recommendation.GENERIC.cpus(),
                storage > 0 ? (int) (storage >> 30) : Recommendation.GENERIC.diskGiB());
    }

    private long pick(String arch, ToLongFunction<OsResources> value) {
        long wanted = forArch(recommended, arch, value);
        return wanted > 0 ? wanted : 2 * forArch(minimum, arch, value);
    }

    private static long forArch(Map<String, OsResources> byArch, String arch,
                                ToLongFunction<OsResources> value) {
        long exact = value.applyAsLong(byArch.getOrDefault(arch, OsResources.NONE));
        return exact > 0 ? exact : value.applyAsLong(byArch.getOrDefault("all", OsResources.NONE));
    }

    @Override
    public String toString() {
        return name;
    }
}
