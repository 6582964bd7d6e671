/**
 * What native drivers build their domains on, after libvirt's domain-object layer: the domain
 * object ({@link org.virtfx.core.driver.DomainObject}), the list that indexes domains and keeps
 * libvirt's rules for which may exist ({@link org.virtfx.core.driver.DomainObjectList}), jobs
 * that publish their events after every lock is released
 * ({@link org.virtfx.core.driver.DomainJobs}), a family that answers lookups from the list
 * ({@link org.virtfx.core.driver.DomainObjectFamily}), and the process-wide state connections
 * share ({@link org.virtfx.core.driver.SharedDriverState}). The application never uses it.
 */
package org.virtfx.core.driver;
