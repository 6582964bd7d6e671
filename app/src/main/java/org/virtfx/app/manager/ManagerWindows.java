package org.virtfx.app.manager;

import java.util.List;
import org.virtfx.app.tags.TagIndex;

/**
 * The windows the manager opens besides a domain's: the New VM wizard, Connection Details and
 * Preferences, and the tag index the tag filter and "group by tag" read. The application
 * provides them; tests of the manager alone leave them out.
 */
public interface ManagerWindows {

    /** Opens New VM offering these connected connections, the first one chosen. */
    void newDomain(List<ConnectionRow> connections);

    void connectionDetails(ConnectionRow connection);

    void preferences();

    TagIndex tags();
}
