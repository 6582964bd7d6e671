package org.virtfx.app.manager;

import java.util.Comparator;

/** A row of the manager's tree: a connection group or one of its domains. */
public sealed interface ManagerRow permits ConnectionRow, DomainRow {
    /** The Name column's order of sort keys: by name, ignoring case. */
    Comparator<String> NAME_ORDER = String.CASE_INSENSITIVE_ORDER;

    /** What the Name column sorts by. */
    String sortKey();
}
