package org.virtfx.drivers.qemu;

/** The steps of a VM start, in order; each undoes itself if a later one fails. */
enum StartStep {
    /** Create the VM's private directory (monitor and VNC sockets, pid file). */
    DIRECTORY,
    /** Create a tap per network and bridge interface, plugged into its bridge and up. */
    TAPS,
    /** Start QEMU paused and connect to its monitor. */
    PROCESS,
    /** Write the live XML, then let the guest run ({@code cont}). */
    RUN
}
