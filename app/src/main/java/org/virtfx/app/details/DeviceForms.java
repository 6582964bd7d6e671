package org.virtfx.app.details;

import java.util.Optional;
import javafx.scene.Node;

/**
 * The forms of the device pages added after the first few (sound, video, controller, input,
 * channel, watchdog, TPM, RNG, panic), each bound to its page's properties, and the TPM and
 * RNG rows Add Hardware shares with them.
 */
public final class DeviceForms {
    private DeviceForms() {
    }

    /** The rows of a TPM: model, backend, then a version or a device path. */
    public static FormGrid tpm(FormGrid grid, TpmFields f, String idPrefix) {
        return grid.pick("Model:", idPrefix + "model", f.modelProperty(), DeviceChoices.TPM_MODEL.values())
                .pick("Backend:", idPrefix + "backend", f.backendProperty(), DeviceChoices.TPM_BACKENDS)
                .pick("Version:", idPrefix + "version", f.versionProperty(), DeviceChoices.TPM_VERSIONS)
                .shownWhen(f.emulatedProperty())
                .text("Device path:", idPrefix + "path", f.devicePathProperty()).shownWhen(f.emulatedProperty().not());
    }

    /** The rows of an RNG backend: kind, then a source path or an EGD daemon's address. */
    public static FormGrid rngBackend(FormGrid grid, RngBackendFields f, String idPrefix) {
        return grid.pick("Backend:", idPrefix + "backend", f.backendProperty(), DeviceChoices.RNG_BACKENDS)
                .choice("Source path:", idPrefix + "path", f.sourcePathProperty(),
                        DeviceChoices.RNG_SOURCES.toArray(String[]::new)).shownWhen(f.randomProperty())
                .pick("Transport:", idPrefix + "transport", f.transportProperty(), DeviceChoices.EGD_TRANSPORTS)
                .shownWhen(f.randomProperty().not())
                .text("Host:", idPrefix + "host", f.hostProperty()).shownWhen(f.randomProperty().not())
                .text("Port:", idPrefix + "port", f.portProperty()).shownWhen(f.randomProperty().not());
    }

    static Optional<Node> form(DetailsPage page) {
        FormGrid grid;
        if (page instanceof AttributeChoicesPage p) {
            FormGrid choices = new FormGrid().heading(p.heading());
            p.fields().forEach((choice, value) -> choices.pick(choice.label() + ":",
                    p.element() + "-" + choice.attribute(), value, choice.values()));
            grid = choices;
        } else if (page instanceof VideoPage p) {
            grid = new FormGrid().heading("Video")
                    .pick("Model:", "video-model", p.modelProperty(), DeviceChoices.VIDEO_MODELS)
                    .check("3D acceleration", "video-accel3d", p.accel3dProperty())
                    .enabledWhen(p.accel3dAvailableProperty())
                    .shown("Heads:", p.headsProperty()).shown("Video RAM:", p.ramProperty());
        } else if (page instanceof ControllerPage p) {
            grid = new FormGrid().heading("Controller").shown("Type:", p.typeProperty())
                    .shown("Index:", p.indexProperty())
                    .pick("Model:", "controller-model", p.modelProperty(), p.models())
                    .enabledWhen(p.modelEditableProperty());
        } else if (page instanceof TpmPage p) {
            grid = tpm(new FormGrid().heading("TPM"), p.fields(), "tpm-");
        } else if (page instanceof RngPage p) {
            grid = rngBackend(new FormGrid().heading("Random Number Generator").shown("Model:", p.modelProperty()),
                    p.backend(), "rng-");
        } else if (page instanceof InputPage p) {
            grid = new FormGrid().heading("Virtual Input Device").shown("Type:", p.typeProperty())
                    .shown("Mode:", p.modeProperty()).shown("Bus:", p.busProperty());
        } else if (page instanceof ChannelPage p) {
            grid = new FormGrid().heading("Channel").shown("Device type:", p.deviceTypeProperty())
                    .shown("Target type:", p.targetTypeProperty()).shown("Target name:", p.targetNameProperty());
        } else {
            return Optional.empty();
        }
        return Optional.of(grid.node());
    }
}
