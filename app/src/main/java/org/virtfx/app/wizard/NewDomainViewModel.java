package org.virtfx.app.wizard;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.details.DomainNames;
import org.virtfx.app.details.OsChoice;
import org.virtfx.app.disks.DiskPaths;
import org.virtfx.app.settings.NewVmDefaults;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.osinfo.InstallTree;
import org.virtfx.core.osinfo.InstallTreeLocator;
import org.virtfx.core.osinfo.MediaMatch;
import org.virtfx.core.osinfo.OsDatabase;
import org.virtfx.core.osinfo.OsEntry;
import org.virtfx.core.osinfo.Recommendation;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * The New VM wizard: one step at a time, each checked before Forward, with a message next to
 * every refused field. Finish builds the XML, checks it against libvirt's schema, creates the
 * disk image if asked, defines the domain and starts it (unless it is to be customised first).
 */
public final class NewDomainViewModel {
    /** virt-manager's default disk size. */
    static final int DEFAULT_DISK_GIB = 20;
    private static final Duration TREE_TIMEOUT = Duration.ofSeconds(20);

    /**
     * What Finish made, for the caller to open the VM window on.
     *
     * @param customize the domain is defined, not started: the window's Begin Installation
     *                  starts it through {@code install}
     */
    public record Created(WizardConnection connection, DomainSummary domain, boolean customize, InstallStart install) {
    }

    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final SchemaValidator schema;
    private final Consumer<Created> created;
    private final ObservableList<WizardConnection> connections;
    private final ObjectProperty<WizardConnection> connection = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<HostFacts> host = new ReadOnlyObjectWrapper<>();
    private final ObservableList<InstallMethod> methods = FXCollections.observableArrayList();
    private final ObjectProperty<InstallMethod> method = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<WizardStep> step = new ReadOnlyObjectWrapper<>(WizardStep.METHOD);
    private final StringProperty initPath = new SimpleStringProperty("/bin/sh");
    private final StringProperty initArgs = new SimpleStringProperty("");
    private final StringProperty rootDir = new SimpleStringProperty("");
    private final StringProperty mediaPath = new SimpleStringProperty("");
    private final StringProperty importPath = new SimpleStringProperty("");
    private final BooleanProperty detectOs = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper detectMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper osDetected = new ReadOnlyBooleanWrapper();
    /** The reading of the current media path; null while it is read. */
    private MediaCheck mediaCheck;
    private final ObservableList<VolumeChoice> volumes = FXCollections.observableArrayList();
    private final StringProperty installUrl = new SimpleStringProperty("");
    /** virt-manager's "URL Options": kernel arguments after the tree's own, such as console=ttyS0. */
    private final StringProperty kernelOptions = new SimpleStringProperty("");
    /** The tree found at the current URL; null until found. */
    private InstallTree tree;
    private boolean locating;
    private boolean forwardWhenLocated;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(TREE_TIMEOUT).build();
    private Path bootDirectory = userDirectory("XDG_CACHE_HOME", ".cache").resolve("virtfx/boot");
    /** Where UEFI variable stores go when the connection has no pool. */
    private Path nvramDirectory = userDirectory("XDG_DATA_HOME", ".local/share").resolve("virtfx/nvram");
    private final IntegerProperty memoryMiB = new SimpleIntegerProperty(1024);
    private final IntegerProperty cpus = new SimpleIntegerProperty(1);
    private final BooleanProperty storageEnabled = new SimpleBooleanProperty(true);
    private final BooleanProperty createDisk = new SimpleBooleanProperty(true);
    private final IntegerProperty diskGiB = new SimpleIntegerProperty(DEFAULT_DISK_GIB);
    private final StringProperty diskPath = new SimpleStringProperty("");
    private final StringProperty shareSource = new SimpleStringProperty("");
    private final StringProperty shareTarget = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final ObservableList<NetworkChoice> networks = FXCollections.observableArrayList();
    private final ObjectProperty<NetworkChoice> network = new SimpleObjectProperty<>();
    private final BooleanProperty customize = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final Map<WizardField, ReadOnlyStringWrapper> errors = new EnumMap<>(WizardField.class);
    private final OsChoice os = new OsChoice(LocalDate::now);
    private final NewVmDefaults defaults;

    public NewDomainViewModel(List<WizardConnection> connections, TaskExecutor tasks, DialogService dialogs,
                              SchemaValidator schema, Consumer<Created> created) {
        this(connections, tasks, dialogs, schema, NewVmDefaults.SYSTEM, created);
    }

    /** @param defaults Preferences ▸ New VM: graphics, image format, CPU and firmware of the new machine */
    public NewDomainViewModel(List<WizardConnection> connections, TaskExecutor tasks, DialogService dialogs,
                              SchemaValidator schema, NewVmDefaults defaults, Consumer<Created> created) {
        this.defaults = defaults;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.schema = schema;
        this.created = created;
        this.connections = FXCollections.observableArrayList(connections);
        for (WizardField field : WizardField.values()) {
            errors.put(field, new ReadOnlyStringWrapper(""));
        }
        connection.addListener((obs, was, now) -> readHost(now));
        method.addListener((obs, was, now) -> {
            if (now != null && host.get() != null) {
                name.set(defaultName(host.get()));
            }
        });
        os.chosenProperty().addListener((obs, was, now) -> applyOs(now));
        mediaPath.addListener((obs, was, now) -> readMedia());
        detectOs.addListener((obs, was, now) -> applyDetection());
        method.addListener((obs, was, now) -> applyDetection());
        installUrl.addListener((obs, was, now) -> {
            tree = null;
            forwardWhenLocated = false;
            errors.get(WizardField.INSTALL_URL).set("");
        });
        tasks.execute(BackgroundTask.of("Reading the operating system list", progress -> OsDatabase.system())
                .onSuccess(os.databaseProperty()::set));
        if (!connections.isEmpty()) {
            connection.set(connections.get(0));
        }
    }

    public ObservableList<WizardConnection> connections() {
        return connections;
    }

    public ObjectProperty<WizardConnection> connectionProperty() {
        return connection;
    }

    public ReadOnlyObjectProperty<HostFacts> hostProperty() {
        return host.getReadOnlyProperty();
    }

    /** The methods the chosen connection offers: container ones, machine ones, or both. */
    public ObservableList<InstallMethod> methods() {
        return methods;
    }

    public ObjectProperty<InstallMethod> methodProperty() {
        return method;
    }

    public ReadOnlyObjectProperty<WizardStep> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** "Step 2 of 5"; import has no storage step, as in virt-manager. */
    public StringBinding stepTextProperty() {
        return Bindings.createStringBinding(() -> "Step " + (steps().indexOf(step.get()) + 1) + " of "
                + steps().size(), step, method);
    }

    public StringProperty initPathProperty() {
        return initPath;
    }

    /** One argument per line. */
    public StringProperty initArgsProperty() {
        return initArgs;
    }

    public StringProperty rootDirProperty() {
        return rootDir;
    }

    public StringProperty mediaPathProperty() {
        return mediaPath;
    }

    /** virt-manager's "Automatically detect from the installation media / source". */
    public BooleanProperty detectOsProperty() {
        return detectOs;
    }

    /** What detection found: "Detected ... from the media", or that it could not. */
    public ReadOnlyStringProperty detectMessageProperty() {
        return detectMessage.getReadOnlyProperty();
    }

    /** True while the OS comes from the media: the manual choice is then locked, as in virt-manager. */
    public ReadOnlyBooleanProperty osDetectedProperty() {
        return osDetected.getReadOnlyProperty();
    }

    /** Volumes of the connection's active pools, to pick install media from. */
    public ObservableList<VolumeChoice> volumes() {
        return volumes;
    }

    /** Takes a pool volume as the install media. */
    public void chooseVolume(VolumeChoice volume) {
        if (volume != null) {
            mediaPath.set(volume.path());
        }
    }

    public StringProperty installUrlProperty() {
        return installUrl;
    }

    public StringProperty kernelOptionsProperty() {
        return kernelOptions;
    }

    /** Where the kernels and initrds of network installs are downloaded; the user's cache by default. */
    void bootDirectory(Path directory) {
        bootDirectory = directory;
    }

    /** Where UEFI variable stores go on a connection without storage pools; the user's data by default. */
    void nvramDirectory(Path directory) {
        nvramDirectory = directory;
    }

    public StringProperty importPathProperty() {
        return importPath;
    }

    public IntegerProperty memoryMiBProperty() {
        return memoryMiB;
    }

    public IntegerProperty cpusProperty() {
        return cpus;
    }

    /** "Up to 3072 MiB available on the host". */
    public StringBinding memoryHintProperty() {
        return Bindings.createStringBinding(() -> host.get() == null || host.get().memoryMiB() == 0 ? ""
                : "Up to " + host.get().memoryMiB() + " MiB available on the host", host);
    }

    /** "Up to 16 available". */
    public StringBinding cpusHintProperty() {
        return Bindings.createStringBinding(() -> host.get() == null || host.get().cpus() == 0 ? ""
                : "Up to " + host.get().cpus() + " available",
                host);
    }

    public BooleanProperty storageEnabledProperty() {
        return storageEnabled;
    }

    /** True: create a new image in the default pool; false: use {@link #diskPathProperty()}. */
    public BooleanProperty createDiskProperty() {
        return createDisk;
    }

    public IntegerProperty diskGiBProperty() {
        return diskGiB;
    }

    public StringProperty diskPathProperty() {
        return diskPath;
    }

    /** "20.0 GiB available in the default location" hint for the storage step. */
    public StringBinding poolHintProperty() {
        return Bindings.createStringBinding(() -> host.get() == null || host.get().poolName().isEmpty()
                ? "No active storage pool: choose a path instead"
                : String.format("%.1f GiB available in pool '%s' (%s)", host.get().poolAvailableBytes() / 1073741824.0,
                        host.get().poolName(), host.get().poolPath()), host);
    }

    public StringProperty shareSourceProperty() {
        return shareSource;
    }

    public StringProperty shareTargetProperty() {
        return shareTarget;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObservableList<NetworkChoice> networks() {
        return networks;
    }

    public ObjectProperty<NetworkChoice> networkProperty() {
        return network;
    }

    public BooleanProperty customizeProperty() {
        return customize;
    }

    /** Step 2's "Choose the operating system you are installing"; machines only. */
    public OsChoice os() {
        return os;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The message next to a field; empty while the field is fine. */
    public ReadOnlyStringProperty errorProperty(WizardField field) {
        return errors.get(field).getReadOnlyProperty();
    }

    /** The pages this method goes through. */
    public List<WizardStep> steps() {
        List<WizardStep> steps = new ArrayList<>(List.of(WizardStep.values()));
        if (method.get() == InstallMethod.IMPORT_DISK) {
            steps.remove(WizardStep.STORAGE);
        }
        return steps;
    }

    public boolean canGoBack() {
        return steps().indexOf(step.get()) > 0;
    }

    public boolean isLastStep() {
        return step.get() == WizardStep.FINISH;
    }

    /** Forward: checks this step and moves on if it passes; returns whether it moved. */
    public boolean next() {
        if (!check(step.get()) || isLastStep()) {
            return false;
        }
        List<WizardStep> steps = steps();
        step.set(steps.get(steps.indexOf(step.get()) + 1));
        return true;
    }

    public void back() {
        List<WizardStep> steps = steps();
        int at = steps.indexOf(step.get());
        if (at > 0) {
            step.set(steps.get(at - 1));
        }
    }

    /** The summary the last step shows: method, memory, CPUs, storage. */
    public List<String[]> summary() {
        List<String[]> lines = new ArrayList<>();
        InstallMethod m = method.get();
        if (m != null && !m.isContainer()) {
            lines.add(new String[] {"OS:", os.chosenProperty().get().name()});
            lines.add(new String[] {"Firmware:", host.get() != null && needsUefi(host.get()) ? "UEFI" : "BIOS"});
        }
        lines.add(new String[] {"Install:", m == null ? "" : m.toString()});
        if (m == InstallMethod.APPLICATION_CONTAINER) {
            lines.add(new String[] {"Init:", (initPath.get() + " " + String.join(" ", args())).strip()});
        } else if (m == InstallMethod.OS_CONTAINER) {
            lines.add(new String[] {"Root:", rootDir.get()});
        } else if (m == InstallMethod.NETWORK_INSTALL) {
            lines.add(new String[] {"Tree:", installUrl.get().strip()});
        }
        lines.add(new String[] {"Memory:", memoryMiB.get() + " MiB"});
        lines.add(new String[] {"CPUs:", Integer.toString(cpus.get())});
        lines.add(new String[] {"Storage:", storageWords()});
        return lines;
    }

    /** Checks the last step and, if all is well, creates the domain in the background. */
    public void finish() {
        for (WizardStep s : steps()) {
            if (!check(s)) {
                step.set(s);
                return;
            }
        }
        WizardConnection target = connection.get();
        HostFacts facts = host.get();
        boolean newImage = needsNewImage();
        String imagePath = newImage ? facts.poolPath() + "/" + imageName() : diskPathForSpec();
        NewDomainSpec spec = spec(facts, imagePath);
        boolean customizeFirst = customize.get();
        boolean uefiMissing = needsUefi(facts) && !facts.uefi().available();
        String osName = os.chosenProperty().get().name();
        InstallTree located = method.get() == InstallMethod.NETWORK_INSTALL ? tree : null;
        busy.set(true);
        tasks.execute(BackgroundTask.of("Creating " + spec.name(), progress -> {
            if (uefiMissing) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, osName + " needs UEFI firmware, and none is"
                        + " installed: install Debian's ovmf package (" + UefiFirmware.OVMF_CODE + ")");
            }
            String xml = NewDomainXml.build(spec);
            schema.validate(SchemaValidator.Kind.DOMAIN, xml, spec.name());
            Connection c = target.connection();
            // An ISO or disk that is not there would only fail at the first start.
            DiskPaths disks = new DiskPaths(c);
            if (!spec.cdromPath().isEmpty()) {
                disks.requireExisting(spec.cdromPath());
            }
            if (!newImage && !spec.diskPath().isEmpty()) {
                disks.requireExisting(spec.diskPath());
            }
            List<Path> made = new ArrayList<>();
            VolumeSummary volume = null;
            DomainSummary domain;
            try {
                if (located != null) {
                    fetchBootFiles(located, spec.boot(), made);
                }
                if (!spec.nvram().isEmpty()) {
                    made.add(copyNew(Path.of(spec.nvramTemplate()), Path.of(spec.nvram())));
                }
                volume = newImage ? createImage(c, facts, imageName()) : null;
                domain = c.domains().define(xml);
            } catch (RuntimeException e) {
                if (volume != null) {
                    deleteImage(c, facts, volume);
                }
                made.forEach(NewDomainViewModel::deleteQuietly);
                throw e;
            }
            InstallStart install = new InstallStart(spec.boot());
            if (!customizeFirst) {
                install.start(c, domain.uuid());
                domain = c.domains().byUuid(domain.uuid()).orElse(domain);
            }
            return new Created(target, domain, customizeFirst, install);
        }).onSuccess(created::accept)
                .onFailure(e -> dialogs.showError("Unable to complete install", e))
                .onFinished(() -> busy.set(false)));
    }

    private VolumeSummary createImage(Connection c, HostFacts facts, String volumeName) {
        var pool = c.storage().lookupPool(facts.poolName());
        return c.storage().createVolume(pool.uuid(), "<volume><name>" + volumeName + "</name><capacity unit='G'>"
                + diskGiB.get() + "</capacity><target><format type='" + defaults.imageFormat()
                + "'/></target></volume>");
    }

    private void fetchBootFiles(InstallTree located, NewDomainSpec.DirectBoot boot, List<Path> made) {
        InstallTreeLocator locator = new InstallTreeLocator(OsDatabase.system(), http, TREE_TIMEOUT);
        try {
            Files.createDirectories(bootDirectory);
        } catch (IOException e) {
            throw VirtException.system("cannot create " + bootDirectory, e);
        }
        locator.download(located.kernel(), Path.of(boot.kernel()));
        made.add(Path.of(boot.kernel()));
        locator.download(located.initrd(), Path.of(boot.initrd()));
        made.add(Path.of(boot.initrd()));
    }

    /** The machine's own UEFI variable store, from the firmware's template; never over another machine's. */
    private static Path copyNew(Path template, Path target) {
        try {
            Files.createDirectories(target.getParent());
            return Files.copy(template, target);
        } catch (FileAlreadyExistsException e) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, "The UEFI variable store " + target
                    + " already exists: another machine may own it");
        } catch (IOException e) {
            throw VirtException.system("cannot create the UEFI variable store " + target, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The define's error is the one to report; the file stays behind, named in no definition.
        }
    }

    private static void deleteImage(Connection c, HostFacts facts, VolumeSummary volume) {
        try {
            c.storage().deleteVolume(c.storage().lookupPool(facts.poolName()).uuid(), volume.name());
        } catch (RuntimeException cleanup) {
            // The define's error is the one to report; the image stays behind, visible in the pool.
        }
    }

    NewDomainSpec spec(HostFacts facts, String imagePath) {
        InstallMethod m = method.get();
        boolean share = m.isContainer() && storageEnabled.get() && !shareSource.get().isBlank();
        String vmName = name.get().strip();
        boolean uefi = !m.isContainer() && needsUefi(facts);
        boolean namedFirmware = uefi && !facts.uefi().auto();
        NewDomainSpec.DirectBoot boot = m == InstallMethod.NETWORK_INSTALL && tree != null
                ? new NewDomainSpec.DirectBoot(bootDirectory.resolve(vmName + "-kernel").toString(),
                        bootDirectory.resolve(vmName + "-initrd").toString(),
                        (tree.cmdline() + " " + kernelOptions.get().strip()).strip())
                : NewDomainSpec.DirectBoot.NONE;
        return new NewDomainSpec(facts.domainType(), vmName, m, memoryMiB.get(), cpus.get(),
                initPath.get().strip(), args(), rootDir.get().strip(),
                m == InstallMethod.LOCAL_MEDIA ? mediaPath.get().strip() : "",
                m.isContainer() ? "" : imagePath, share ? shareSource.get().strip() : "",
                share ? shareTarget.get().strip() : "", network.get() == null ? "" : network.get().value(),
                m.isContainer() || os.chosenProperty().get().isGeneric() ? "" : os.chosenProperty().get().id(),
                defaults.graphicsType(), defaults.cpuMode(), uefi && !namedFirmware ? "efi" : "",
                namedFirmware ? facts.uefi().code() : "", namedFirmware ? nvramPath(facts, vmName) : "",
                namedFirmware ? facts.uefi().varsTemplate() : "", boot, !m.isContainer() && q35(facts) ? "q35" : "",
                !m.isContainer() && usb3(facts));
    }

    /**
     * virt-install 4.1's USB controller for an x86 guest on QEMU ({@code _add_default_usb_controller}):
     * USB 3 where osinfo-db says the OS has a driver for QEMU's xHCI controller. Where it has
     * none, virt-install writes ICH9's USB 2 set, which VirtFX's QEMU driver does not take, so
     * the wizard leaves that guest the hypervisor's default controller.
     */
    private boolean usb3(HostFacts facts) {
        OsDatabase db = os.databaseProperty().get();
        boolean qemu = facts.domainType().equals("kvm") || facts.domainType().equals("qemu");
        boolean x86 = facts.arch().equals("x86_64") || facts.arch().equals("i686");
        return qemu && x86 && db != null && db.supportsUsb3(os.chosenProperty().get());
    }

    /**
     * virt-install 4.1's machine type for x86_64 on QEMU: q35 where the host offers it and
     * osinfo-db says the OS supports it ({@link OsDatabase#supportsQ35}), else the default, pc.
     * An unknown OS stays on pc, as in virt-install.
     */
    private boolean q35(HostFacts facts) {
        OsDatabase db = os.databaseProperty().get();
        return facts.q35() && db != null && db.supportsQ35(os.chosenProperty().get());
    }

    /**
     * UEFI when osinfo-db says the OS requires it (virt-install's rule), or when Preferences'
     * "x86 Firmware" asks for it on x86; other architectures keep their own default.
     */
    private boolean needsUefi(HostFacts facts) {
        OsDatabase db = os.databaseProperty().get();
        boolean required = db != null && db.requiresEfi(os.chosenProperty().get(), facts.arch());
        return required || defaults.uefi() && facts.arch().matches("x86_64|i[3-6]86");
    }

    /** libvirt keeps NAME_VARS.fd; VirtFX keeps it beside the machine's disk, in the default pool. */
    private String nvramPath(HostFacts facts, String vmName) {
        Path dir = facts.poolPath().isEmpty() ? nvramDirectory : Path.of(facts.poolPath());
        return dir.resolve(vmName + "_VARS.fd").toString();
    }

    private static Path userDirectory(String variable, String underHome) {
        String set = System.getenv(variable);
        return set == null || set.isBlank() ? Path.of(System.getProperty("user.home"), underHome) : Path.of(set);
    }

    private boolean needsNewImage() {
        InstallMethod m = method.get();
        return !m.isContainer() && m != InstallMethod.IMPORT_DISK && storageEnabled.get() && createDisk.get();
    }

    private String diskPathForSpec() {
        InstallMethod m = method.get();
        if (m == InstallMethod.IMPORT_DISK) {
            return importPath.get().strip();
        }
        return storageEnabled.get() && !createDisk.get() ? diskPath.get().strip() : "";
    }

    private String storageWords() {
        InstallMethod m = method.get();
        if (m == null) {
            return "";
        }
        if (m.isContainer()) {
            return storageEnabled.get() && !shareSource.get().isBlank()
                    ? shareSource.get() + " shared as " + shareTarget.get() : "None";
        }
        if (m == InstallMethod.IMPORT_DISK) {
            return importPath.get();
        }
        if (!storageEnabled.get()) {
            return "None";
        }
        return createDisk.get() && host.get() != null
                ? diskGiB.get() + ".0 GiB " + host.get().poolPath() + "/" + imageName() : diskPath.get();
    }

    /** The new image's file name: the domain's name with the format's extension (Preferences ▸ New VM). */
    private String imageName() {
        return name.get().strip() + (defaults.imageFormat().equals("qcow2") ? ".qcow2" : ".img");
    }

    private List<String> args() {
        return initArgs.get().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Checks one step's fields, setting or clearing each field's message. */
    boolean check(WizardStep s) {
        return switch (s) {
            case METHOD -> refuseIf(WizardField.CONNECTION, connection.get() == null ? "Choose a connection"
                    : host.get() == null ? "Still reading the host's capabilities; try again in a moment"
                    : method.get() == null ? "Choose an installation method" : null);
            case SOURCE -> checkSource();
            case RESOURCES -> checkResources();
            case STORAGE -> checkStorage();
            case FINISH -> checkName();
        };
    }

    private boolean checkSource() {
        InstallMethod m = method.get();
        boolean ok = refuseIf(WizardField.INIT_PATH, m != InstallMethod.APPLICATION_CONTAINER ? null
                : initPath.get().isBlank() ? "An init path is required: the program the container runs"
                : !initPath.get().strip().startsWith("/") ? "The init path must be absolute, such as /bin/sh" : null);
        ok &= refuseIf(WizardField.ROOT_DIR, m != InstallMethod.OS_CONTAINER ? null
                : !rootDir.get().strip().startsWith("/") ? "Enter the container's root directory, an absolute path"
                : null);
        ok &= refuseIf(WizardField.MEDIA_PATH, m != InstallMethod.LOCAL_MEDIA ? null
                : !mediaPath.get().strip().startsWith("/") ? "Enter the install media's path, such as /srv/debian.iso"
                : mediaCheck == null ? "Still reading the install media; try again in a moment"
                : mediaCheck.problem().isEmpty() ? null : mediaCheck.problem());
        ok &= m != InstallMethod.NETWORK_INSTALL ? refuseIf(WizardField.INSTALL_URL, null) : checkInstallUrl();
        ok &= refuseIf(WizardField.IMPORT_PATH, m != InstallMethod.IMPORT_DISK ? null
                : !importPath.get().strip().startsWith("/") ? "Enter the existing disk image's absolute path" : null);
        return ok;
    }

    /**
     * The tree must be found before Forward: looking for it runs as a task, and Forward
     * happens by itself once it is found, unless the person changed the URL meanwhile.
     */
    private boolean checkInstallUrl() {
        String url = installUrl.get().strip();
        if (url.isEmpty()) {
            return refuseIf(WizardField.INSTALL_URL,
                    "Enter the install tree's URL, such as https://deb.debian.org/debian/dists/bookworm/main/installer-amd64/");
        }
        if (tree == null && !locating) {
            locateTree(url);
        }
        if (tree != null) {
            return refuseIf(WizardField.INSTALL_URL, null);
        }
        forwardWhenLocated = locating;
        return false;
    }

    private void locateTree(String url) {
        String arch = host.get().arch();
        locating = true;
        errors.get(WizardField.INSTALL_URL).set("Looking for the install tree at " + url + " …");
        tasks.execute(BackgroundTask.of("Looking for the install tree at " + url,
                progress -> new InstallTreeLocator(OsDatabase.system(), http, TREE_TIMEOUT).locate(url, arch))
                .onSuccess(found -> {
                    if (!url.equals(installUrl.get().strip())) {
                        return;
                    }
                    tree = found;
                    errors.get(WizardField.INSTALL_URL).set("");
                    applyDetection();
                    if (forwardWhenLocated && step.get() == WizardStep.SOURCE) {
                        forwardWhenLocated = false;
                        next();
                    }
                })
                .onFailure(e -> {
                    if (url.equals(installUrl.get().strip())) {
                        errors.get(WizardField.INSTALL_URL).set(e.getMessage());
                    }
                })
                .onFinished(() -> locating = false));
    }

    /** Reads the media at the current path in the background; only the latest path's reading counts. */
    private void readMedia() {
        String path = mediaPath.get().strip();
        mediaCheck = null;
        applyDetection();
        if (!path.startsWith("/")) {
            return;
        }
        tasks.execute(BackgroundTask.of("Reading the install media " + path,
                progress -> MediaCheck.read(path, OsDatabase.system()))
                .onSuccess(check -> {
                    if (path.equals(mediaPath.get().strip())) {
                        mediaCheck = check;
                        errors.get(WizardField.MEDIA_PATH).set(check.problem());
                        applyDetection();
                    }
                }));
    }

    /** Sets the OS from the media or tree when detection is on, as virt-manager's checkbox does. */
    private void applyDetection() {
        InstallMethod m = method.get();
        Optional<OsEntry> found = Optional.empty();
        boolean known;
        if (m == InstallMethod.LOCAL_MEDIA) {
            known = mediaCheck != null && mediaCheck.problem().isEmpty();
            found = known ? mediaCheck.match().map(MediaMatch::os) : Optional.empty();
        } else if (m == InstallMethod.NETWORK_INSTALL) {
            known = tree != null;
            found = known && !tree.os().isGeneric() ? Optional.of(tree.os()) : Optional.empty();
        } else {
            known = false;
        }
        if (!known || !detectOs.get()) {
            detectMessage.set("");
            osDetected.set(false);
            return;
        }
        osDetected.set(found.isPresent());
        found.ifPresent(os.chosenProperty()::set);
        detectMessage.set(found.map(f -> "Detected " + f.name() + " from the " + source(m))
                .orElse("Could not detect the operating system from the " + source(m)
                        + ": choose it below"));
    }

    private static String source(InstallMethod m) {
        return m == InstallMethod.LOCAL_MEDIA ? "media" : "install tree";
    }

    private boolean checkResources() {
        HostFacts facts = host.get();
        boolean ok = refuseIf(WizardField.MEMORY, memoryMiB.get() < 1 ? "Memory must be at least 1 MiB"
                : facts != null && facts.memoryMiB() > 0 && memoryMiB.get() > facts.memoryMiB()
                ? "Only " + facts.memoryMiB() + " MiB are available on the host" : null);
        ok &= refuseIf(WizardField.CPUS, cpus.get() < 1 ? "At least one CPU is needed"
                : facts != null && facts.cpus() > 0 && cpus.get() > facts.cpus() ? "Only " + facts.cpus() + " CPUs are available" : null);
        return ok;
    }

    private boolean checkStorage() {
        InstallMethod m = method.get();
        boolean enabled = storageEnabled.get();
        if (m.isContainer()) {
            boolean sharing = enabled && !shareSource.get().isBlank();
            return refuseIf(WizardField.SHARE, !sharing ? null
                    : !shareSource.get().strip().startsWith("/") ? "The host directory must be an absolute path"
                    : !shareTarget.get().strip().startsWith("/") ? "Say where the container sees it, such as /data"
                    : null);
        }
        HostFacts facts = host.get();
        boolean ok = refuseIf(WizardField.DISK_SIZE, !enabled || !createDisk.get() ? null
                : diskGiB.get() < 1 ? "The disk must be at least 1 GiB"
                : facts.poolName().isEmpty() ? "There is no active storage pool to create the image in"
                : (long) diskGiB.get() * 1073741824L > facts.poolAvailableBytes()
                ? String.format("Only %.1f GiB are free in pool '%s'", facts.poolAvailableBytes() / 1073741824.0,
                        facts.poolName()) : null);
        ok &= refuseIf(WizardField.DISK_PATH, !enabled || createDisk.get() ? null
                : !diskPath.get().strip().startsWith("/") ? "Enter the storage's absolute path" : null);
        return ok;
    }

    private boolean checkName() {
        String n = name.get().strip();
        Optional<String> problem = DomainNames.check(n);
        if (problem.isEmpty() && host.get() != null && host.get().domainNames().contains(n)) {
            problem = Optional.of("Name '" + n + "' is already in use by another domain");
        }
        return refuseIf(WizardField.NAME, problem.orElse(null));
    }

    private boolean refuseIf(WizardField field, String problem) {
        errors.get(field).set(problem == null ? "" : problem);
        return problem == null;
    }

    private void readHost(WizardConnection chosen) {
        host.set(null);
        methods.clear();
        if (chosen == null) {
            return;
        }
        tasks.execute(BackgroundTask.of("Reading the capabilities of " + chosen.title(),
                progress -> HostFactsReader.read(chosen.connection()))
                .onSuccess(facts -> {
                    if (chosen != connection.get()) {
                        return;
                    }
                    List<InstallMethod> offered = new ArrayList<>();
                    for (InstallMethod m : InstallMethod.values()) {
                        if (m.isContainer() ? facts.containers() : facts.machines()) {
                            offered.add(m);
                        }
                    }
                    host.set(facts);
                    methods.setAll(offered);
                    networks.setAll(facts.networks());
                    volumes.setAll(facts.volumes());
                    network.set(facts.networks().get(0));
                    if (facts.memoryMiB() > 0) {
                        memoryMiB.set((int) Math.min(memoryMiB.get(), facts.memoryMiB()));
                    }
                    if (method.get() == null || !offered.contains(method.get())) {
                        method.set(offered.isEmpty() ? null : offered.get(0));
                    } else {
                        name.set(defaultName(facts));
                    }
                    errors.get(WizardField.CONNECTION).set("");
                })
                .onFailure(e -> errors.get(WizardField.CONNECTION).set("Cannot read the host: " + e.getMessage())));
    }

    /**
     * What choosing an OS changes, as in virt-manager: memory, CPUs and disk size from its
     * recommended resources (within what the host has), and the name from its short id.
     */
    private void applyOs(OsEntry chosen) {
        HostFacts facts = host.get();
        Recommendation r = chosen.recommendation(facts == null ? "x86_64" : facts.arch());
        boolean knownHost = facts != null && facts.memoryMiB() > 0;
        memoryMiB.set(knownHost ? (int) Math.min(r.memoryMiB(), facts.memoryMiB()) : r.memoryMiB());
        cpus.set(facts == null || facts.cpus() == 0 ? r.cpus() : Math.min(r.cpus(), facts.cpus()));
        diskGiB.set(r.diskGiB());
        if (facts != null && method.get() != null) {
            name.set(defaultName(facts));
        }
    }

    /** "container1", "vm1", or for a known OS its short id: "debian11", then "debian11-2". */
    private String defaultName(HostFacts facts) {
        OsEntry chosen = os.chosenProperty().get();
        if (method.get().isContainer() || chosen.isGeneric()) {
            return freeName(method.get().isContainer() ? "container" : "vm", facts);
        }
        String base = chosen.shortId();
        if (!facts.domainNames().contains(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            if (!facts.domainNames().contains(base + "-" + n)) {
                return base + "-" + n;
            }
        }
    }

    private static String freeName(String base, HostFacts facts) {
        for (int n = 1; ; n++) {
            if (!facts.domainNames().contains(base + n)) {
                return base + n;
            }
        }
    }
}
