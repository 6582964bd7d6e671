/**
 * The virtual network driver of the native drivers, after libvirt's bridge driver: networks
 * defined by libvirt network XML, persisted in the driver's configuration directory, each
 * started as a Linux bridge of its own. Host devices go through
 * {@link org.virtfx.plumbing.netdev.NetDevices}.
 */
package org.virtfx.plumbing.virtnet;
