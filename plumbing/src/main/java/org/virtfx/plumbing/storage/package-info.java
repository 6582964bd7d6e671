/**
 * Directory storage pools of the native drivers, after libvirt's storage driver for
 * {@code type='dir'}: pools defined by libvirt pool XML, persisted in the driver's configuration
 * directory, whose volumes are the files of a directory, made and read with Debian's
 * {@code qemu-img}. {@link org.virtfx.plumbing.storage.DirectoryPools} is the
 * {@link org.virtfx.core.storage.StorageFamily} the QEMU and LXC drivers hand out.
 */
package org.virtfx.plumbing.storage;
