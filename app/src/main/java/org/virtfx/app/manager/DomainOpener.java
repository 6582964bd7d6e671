package org.virtfx.app.manager;

/** Opens a domain's window; the manager's view model asks, the application decides how. */
@FunctionalInterface
public interface DomainOpener {
    void open(DomainRow domain);
}
