package org.virtfx.core.osinfo;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code <media>} of an OS in osinfo-db: the regular expressions its ISO's identifiers
 * match, and where the installer's kernel and initrd sit on it.
 *
 * @param arch the architecture the media installs, or "all"
 * @param volumeSize the exact size of the volume in bytes, or 0 when the rule names none
 */
public record MediaRule(String arch, Optional<Pattern> volumeId, Optional<Pattern> systemId,
                        Optional<Pattern> publisherId, Optional<Pattern> applicationId, long volumeSize,
                        String kernel, String initrd) {

    /**
     * libosinfo's media match: a rule without any identifier matches nothing; each identifier
     * the rule names must be found (unanchored, as GLib's simple regex match does) in the
     * image's field, and a blank field matches no rule; the architecture must be the rule's or
     * "all" unless {@code wantedArch} is empty, which, like libosinfo's media read from a file,
     * does not know its architecture.
     */
    public boolean matches(IsoVolume volume, String wantedArch) {
        if (volumeId.isEmpty() && systemId.isEmpty() && publisherId.isEmpty() && applicationId.isEmpty()
                && volumeSize <= 0) {
            return false;
        }
        return (wantedArch.isEmpty() || arch.equals(wantedArch) || arch.equals("all"))
                && found(volumeId, volume.volumeId()) && found(systemId, volume.systemId())
                && found(publisherId, volume.publisherId()) && found(applicationId, volume.applicationId())
                && (volumeSize <= 0 || volumeSize == volume.volumeSize());
    }

    static boolean found(Optional<Pattern> rule, String value) {
        return rule.isEmpty() || !value.isEmpty() && rule.get().matcher(value).find();
    }
}
