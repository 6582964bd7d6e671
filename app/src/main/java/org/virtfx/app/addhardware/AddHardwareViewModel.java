package org.virtfx.app.addhardware;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.virtfx.app.details.DeviceChoices;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostDevice;
import org.virtfx.core.xml.XmlFormat;

/**
 * The Add Hardware form: a device kind and each kind's fields. {@link #deviceXml} turns the
 * chosen kind's fields into the device element, or explains in {@link #errorProperty()} which
 * field is wrong or why the domain or its connection cannot have that kind.
 */
public final class AddHardwareViewModel {
    private final boolean container;
    private final Set<Feature> features;
    private final ObjectProperty<NewDeviceKind> kind = new SimpleObjectProperty<>(NewDeviceKind.STORAGE);
    private final Map<NewDeviceKind, NewDevice> devices = new EnumMap<>(NewDeviceKind.class);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper whenApplied = new ReadOnlyStringWrapper("");

    /** @param features what the domain's connection can do ({@link org.virtfx.core.connect.Connection#features()}) */
    public AddHardwareViewModel(DomainDocument domain, Set<Feature> features) {
        this(domain, features, "qcow2");
    }

    /**
     * @param features what the domain's connection can do: host device kinds it cannot attach
     *     are not offered, and whether it plugs devices live says when a new one takes effect
     * @param imageFormat the format of a new disk image, "qcow2" or "raw" (Preferences ▸ New VM)
     */
    public AddHardwareViewModel(DomainDocument domain, Set<Feature> features, String imageFormat) {
        this.features = Set.copyOf(features);
        // LXC domains, and any domain that boots an init program rather than a kernel.
        container = domain.hypervisorType().equals("lxc") || domain.isContainer();
        for (NewDeviceKind k : NewDeviceKind.values()) {
            devices.put(k, create(k, domain, imageFormat));
        }
        if (container) {
            // A shared directory is what containers add most.
            kind.set(NewDeviceKind.FILESYSTEM);
        }
        kind.addListener((obs, was, now) -> error.set(""));
    }

    /** virt-manager's defaults for each kind. */
    private NewDevice create(NewDeviceKind kind, DomainDocument domain, String imageFormat) {
        return switch (kind) {
            case STORAGE -> new StorageDevice(domain, imageFormat);
            case CONTROLLER -> new ControllerDevice(domain);
            case NETWORK -> new NetworkDevice(container);
            case INPUT -> new ChoicesDevice("input").choose(DeviceChoices.INPUT_TYPE, "tablet")
                    .choose(DeviceChoices.INPUT_BUS, "usb");
            case GRAPHICS -> new GraphicsDevice();
            case SOUND -> new ChoicesDevice("sound").choose(DeviceChoices.SOUND_MODEL, "ich9");
            case SERIAL -> CharDevice.port("serial");
            case PARALLEL -> CharDevice.port("parallel");
            case CONSOLE -> new ConsoleDevice(container);
            case CHANNEL -> new ChannelDevice();
            case USB_HOST -> new HostDeviceChoice(HostDevice.Kind.USB);
            case PCI_HOST -> new HostDeviceChoice(HostDevice.Kind.PCI);
            case MDEV_HOST -> new MediatedDeviceChoice();
            case VIDEO -> new VideoDevice();
            case WATCHDOG -> new ChoicesDevice("watchdog").choose(DeviceChoices.WATCHDOG_MODEL, "i6300esb")
                    .choose(DeviceChoices.WATCHDOG_ACTION, "reset");
            case FILESYSTEM -> new FilesystemDevice();
            case SMARTCARD -> new SmartcardDevice();
            case USB_REDIRECTION -> CharDevice.usbRedirection();
            case TPM -> new TpmDevice();
            case RNG -> new RngDevice();
            case PANIC -> new ChoicesDevice("panic").choose(DeviceChoices.PANIC_MODEL, "isa");
            case VSOCK -> new VsockDevice();
        };
    }

    /**
     * Says when a new device takes effect, as virt-manager does for a running guest: at once
     * where the driver plugs devices live, else after the next guest shutdown.
     */
    public void setRunning(boolean running) {
        if (!running) {
            whenApplied.set("");
        } else if (features.contains(Feature.LIVE_DEVICE_CHANGES)) {
            whenApplied.set("The device is added to the running guest where the hypervisor can plug it in; "
                    + "otherwise changes take effect after the next guest shutdown.");
        } else {
            whenApplied.set("Changes take effect after the next guest shutdown.");
        }
    }

    /** When the new device takes effect; empty for a shut-off domain. */
    public ReadOnlyStringProperty whenAppliedProperty() {
        return whenApplied.getReadOnlyProperty();
    }

    /** The connection's networks, interfaces and pools, once read in the background. */
    public void setSources(HostSources sources) {
        storage().setSources(sources);
        network().setSources(sources);
        hostDevice(NewDeviceKind.USB_HOST).setDevices(sources.hostDevices());
        hostDevice(NewDeviceKind.PCI_HOST).setDevices(sources.hostDevices());
        mediatedDevice().setDevices(sources.mediatedDevices(), sources.mediatedTypes());
    }

    public ObjectProperty<NewDeviceKind> kindProperty() {
        return kind;
    }

    /** The generic form of the kinds that are one element with chosen or fixed attributes. */
    public ChoicesDevice choices(NewDeviceKind k) {
        return (ChoicesDevice) devices.get(k);
    }

    public StorageDevice storage() {
        return (StorageDevice) devices.get(NewDeviceKind.STORAGE);
    }

    public GraphicsDevice graphics() {
        return (GraphicsDevice) devices.get(NewDeviceKind.GRAPHICS);
    }

    /** The serial port, parallel port or USB redirection form. */
    public CharDevice charDevice(NewDeviceKind k) {
        return (CharDevice) devices.get(k);
    }

    /** The USB or PCI Host Device form. */
    public HostDeviceChoice hostDevice(NewDeviceKind k) {
        return (HostDeviceChoice) devices.get(k);
    }

    /** The MDEV Host Device form. */
    public MediatedDeviceChoice mediatedDevice() {
        return (MediatedDeviceChoice) devices.get(NewDeviceKind.MDEV_HOST);
    }

    public NetworkDevice network() {
        return (NetworkDevice) devices.get(NewDeviceKind.NETWORK);
    }

    public ConsoleDevice console() {
        return (ConsoleDevice) devices.get(NewDeviceKind.CONSOLE);
    }

    public FilesystemDevice filesystem() {
        return (FilesystemDevice) devices.get(NewDeviceKind.FILESYSTEM);
    }

    public ControllerDevice controller() {
        return (ControllerDevice) devices.get(NewDeviceKind.CONTROLLER);
    }

    public ChannelDevice channel() {
        return (ChannelDevice) devices.get(NewDeviceKind.CHANNEL);
    }

    public VideoDevice video() {
        return (VideoDevice) devices.get(NewDeviceKind.VIDEO);
    }

    public SmartcardDevice smartcard() {
        return (SmartcardDevice) devices.get(NewDeviceKind.SMARTCARD);
    }

    public TpmDevice tpm() {
        return (TpmDevice) devices.get(NewDeviceKind.TPM);
    }

    public RngDevice rng() {
        return (RngDevice) devices.get(NewDeviceKind.RNG);
    }

    public VsockDevice vsock() {
        return (VsockDevice) devices.get(NewDeviceKind.VSOCK);
    }

    /**
     * Why this domain cannot have a device of that kind; empty when it can. A host device kind
     * the connection cannot attach is refused, as virt-manager greys out what its connection
     * cannot do, rather than failing at Finish.
     */
    public Optional<String> unavailable(NewDeviceKind k) {
        if (container && !k.inContainers()) {
            return Optional.of("Containers (LXC) have no emulated hardware: only filesystems, network interfaces"
                    + " and consoles can be added");
        }
        return k.needs().filter(feature -> !features.contains(feature))
                .map(feature -> "This connection cannot give a guest the host's " + k.hostDevices());
    }

    /** Why Finish is refused, shown next to the form; empty when nothing is wrong. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What Finish adds: the device and the disk image to create first, or empty with the reason in {@link #errorProperty()}. */
    public Optional<NewHardware> finish() {
        return deviceXml().map(xml -> new NewHardware(xml,
                kind.get() == NewDeviceKind.STORAGE ? storage().volume() : Optional.empty()));
    }

    /** The new device element, or empty with the reason in {@link #errorProperty()}. */
    public Optional<String> deviceXml() {
        error.set("");
        Optional<String> refused = unavailable(kind.get());
        if (refused.isPresent()) {
            error.set(refused.get());
            return Optional.empty();
        }
        try {
            return Optional.of(XmlFormat.format(devices.get(kind.get()).element()));
        } catch (VirtException e) {
            if (e.code() != ErrorCode.INVALID_ARG) {
                throw e;
            }
            error.set(e.getMessage());
            return Optional.empty();
        }
    }
}
