/**
 * What native drivers build their domains on, after libvirt's domain-object layer: the domain
 * object ({@link org.virtfx.core.driver.DomainObject}), the list that indexes domains and keeps
 * libvirt's rules for which may exist ({@link org.virtfx.core.driver.DomainObjectList}), jobs
 * that publish their events after every lock is released
 * ({@link org.virtfx.core.driver.DomainJobs}), a family that answers lookups from the list
 * ({@link org.virtfx.core.driver.DomainObjectFamily}), and the process-wide state connections
 * share ({@link org.virtfx.core.driver.SharedDriverState}), and what keeps several processes on
 * one host apart: a lock per domain held across processes ({@link org.virtfx.core.driver.DomainLocks},
 * taken by {@code DomainJobs} inside each job) and definitions whose uniqueness is checked
 * against the files on disk ({@link org.virtfx.core.driver.DomainDefinitionFiles}). The
 * application never uses it.
 */
package org.virtfx.core.driver;
