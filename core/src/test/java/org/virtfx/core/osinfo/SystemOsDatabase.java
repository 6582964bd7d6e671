package org.virtfx.core.osinfo;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real osinfo-db for tests: required under CI=true, skipped with a reason elsewhere. */
public final class SystemOsDatabase {
    private SystemOsDatabase() {
    }

    public static OsDatabase require() {
        boolean present = OsDatabase.systemInstalled();
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("osinfo-db is missing at " + OsDatabase.systemDir() + ", and CI=true forbids skipping");
        }
        assumeTrue(present, "skipped: osinfo-db is not installed at " + OsDatabase.systemDir());
        return OsDatabase.system();
    }
}
