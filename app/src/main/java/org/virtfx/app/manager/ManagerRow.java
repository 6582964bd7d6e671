package org.virtfx.app.manager;

/** A row of the manager's tree: a connection group or one of its domains. */
public sealed interface ManagerRow permits ConnectionRow, DomainRow {

    /** What the Name column sorts by. */
    String sortKey();
}
