package org.virtfx.app.wizard;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.osinfo.IsoVolume;
import org.virtfx.core.osinfo.MediaMatch;
import org.virtfx.core.osinfo.OsDatabase;

/**
 * What the install media at a path turned out to be.
 *
 * @param match the OS osinfo-db's media rules found, if any
 * @param problem why the path cannot be install media ("... is not an ISO 9660 image"), or empty
 */
record MediaCheck(String path, Optional<MediaMatch> match, String problem) {

    /**
     * Reads the image's volume descriptor and identifies it; blocks on the file and on the
     * database, so it runs as a task. A path this host cannot open is no refusal: it may be a
     * volume the driver reaches and this process does not, and Finish checks it exists.
     */
    static MediaCheck read(String path, OsDatabase database) {
        IsoVolume volume;
        try {
            volume = IsoVolume.read(Path.of(path));
        } catch (VirtException e) {
            return new MediaCheck(path, Optional.empty(), e.code() == ErrorCode.INVALID_ARG ? e.getMessage() : "");
        } catch (InvalidPathException e) {
            return new MediaCheck(path, Optional.empty(), "");
        }
        // Like libosinfo reading a file, the image's architecture is not known beforehand.
        return new MediaCheck(path, database.identify(volume, ""), "");
    }
}
