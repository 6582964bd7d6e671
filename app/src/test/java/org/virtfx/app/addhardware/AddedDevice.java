package org.virtfx.app.addhardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.xml.SchemaValidator;

/** A QEMU machine for Add Hardware tests, and the device XML a form makes, checked against libvirt's schema. */
final class AddedDevice {
    static final DomainDocument MACHINE = new DomainDocument("<domain type='qemu'><name>m</name>"
            + "<memory unit='MiB'>128</memory><os><type>hvm</type></os><devices/></domain>");
    /** A connection that gives guests every kind of host device (libvirt's QEMU driver). */
    static final Set<Feature> HOST_DEVICES = Set.of(Feature.USB_HOST_DEVICES, Feature.PCI_HOST_DEVICES,
            Feature.MEDIATED_HOST_DEVICES);
    private static final SchemaValidator SCHEMA = new SchemaValidator();

    private AddedDevice() {
    }

    static AddHardwareViewModel form(NewDeviceKind kind) {
        AddHardwareViewModel add = new AddHardwareViewModel(MACHINE, HOST_DEVICES);
        add.kindProperty().set(kind);
        return add;
    }

    /** The chosen kind's element, which must be valid in a domain. */
    static String xml(AddHardwareViewModel add) {
        String xml = add.deviceXml().orElseThrow(() -> new AssertionError(add.errorProperty().get()));
        assertEquals(List.of(), SCHEMA.problems(SchemaValidator.Kind.DOMAIN, MACHINE.withDevice(xml)), xml);
        return xml;
    }
}
