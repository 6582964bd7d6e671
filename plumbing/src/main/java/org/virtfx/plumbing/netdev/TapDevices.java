package org.virtfx.plumbing.netdev;

import java.util.Optional;
import java.util.function.Consumer;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.MacAddress;

/**
 * Makes and removes persistent tap devices for guests: a given or generated {@code vnetN} name
 * (taps share libvirt's {@code vnet} counter with veth host ends), the host-side address, the
 * bridge, the link state, with every failure undoing the device it made.
 */
public final class TapDevices {
    private final NetDevices devices;
    private final DeviceNames names;
    private final int attempts;

    public TapDevices(NetDevices devices, DeviceNames names, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.devices = devices;
        this.names = names;
        this.attempts = attempts;
    }

    public TapDevices(NetDevices devices) {
        this(devices, DeviceNames.process(), VethPairs.DEFAULT_ATTEMPTS);
    }

    /** Creates a tap, down; the name is {@code name} if given, else the next free {@code vnetN}. */
    public String create(Optional<String> name) {
        return create(name, Optional.empty(), tap -> { });
    }

    private String create(Optional<String> name, Optional<MacAddress> mac, Consumer<String> beforeCreate) {
        if (name.isPresent()) {
            beforeCreate.accept(DeviceName.require(name.get()));
            if (!make(name.get(), mac)) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot create tap device: a network device named '"
                        + name.get() + "' already exists");
            }
            return name.get();
        }
        String tried = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            tried = names.next(VethPairs.HOST_PREFIX);
            beforeCreate.accept(tried);
            if (make(tried, mac)) {
                return tried;
            }
            // The same way past a competing process as veth host ends take.
            names.skipPastCompetitors(attempt, () -> devices.list().stream().map(LinkInfo::name).toList(),
                    VethPairs.HOST_PREFIX);
        }
        throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot create a tap device: " + attempts
                + " generated names were all taken by another process first (last tried '" + tried + "')");
    }

    private boolean make(String name, Optional<MacAddress> mac) {
        return mac.isPresent() ? devices.createTap(name, mac.get()) : devices.createTap(name);
    }

    /**
     * Creates a tap for a guest with address {@code guestMac} and plugs it into {@code bridge},
     * up. The tap gets the guest's address with first byte 0xfe, as libvirt does. The tun driver
     * makes taps only through an ioctl, so this takes two requests (create, then address, bridge
     * and link state in one), and the undo of a refused second one is ours.
     */
    public String plug(Optional<String> name, MacAddress guestMac, String bridge) {
        return plug(name, guestMac, bridge, tap -> { });
    }

    /**
     * As {@link #plug(Optional, MacAddress, String)}, telling {@code beforeCreate} each name
     * before a tap is made under it, so that a write-ahead record can name the tap before it
     * exists. The tap has its address from its first moment where the devices allow
     * ({@link NetDevices#createTap(String, MacAddress)}), so a tap a killed process left can be
     * told from another process's by name and address together.
     */
    public String plug(Optional<String> name, MacAddress guestMac, String bridge, Consumer<String> beforeCreate) {
        String tap = create(name, Optional.of(guestMac.hostSide()), beforeCreate);
        try {
            devices.configure(tap, HostEnd.plugged(Optional.of(guestMac.hostSide()), bridge));
            return tap;
        } catch (RuntimeException e) {
            try {
                devices.delete(tap);
            } catch (RuntimeException undoFailure) {
                e.addSuppressed(undoFailure);
            }
            throw e;
        }
    }

    /** Deletes the tap; already gone is fine. */
    public void delete(String tap) {
        devices.delete(tap);
    }

    /**
     * Deletes the tap named {@code tap} if it has the address a tap plugged for {@code guestMac}
     * has; a device of that name with another address is another's (made after ours was not) and
     * is left alone, as is a name with no device.
     */
    public void deleteIfPlugged(String tap, MacAddress guestMac) {
        Optional<LinkInfo> link = devices.find(tap);
        if (link.isPresent() && link.get().kind().equals("tun")
                && link.get().mac().equals(Optional.of(guestMac.hostSide()))) {
            devices.delete(tap);
        }
    }
}
