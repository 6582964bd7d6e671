package org.virtfx.app.addhardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.virtfx.core.connect.Feature;

/**
 * A host device page says why it is empty: the connection's refusal, in the words of the
 * greyed-out kind's tooltip and of Finish, where it cannot attach that kind; the empty host
 * list where it can.
 */
@ExtendWith(ApplicationExtension.class)
class HostDeviceFormTest {
    private static String note(AddHardwareViewModel add, NewDeviceKind kind) {
        Node form = NewDeviceForms.form(add, kind);
        return form.lookupAll(".form-note").stream().map(n -> ((Label) n).getText()).filter(t -> !t.isEmpty())
                .findFirst().orElse("");
    }

    @Test
    void aKindTheConnectionCannotAttachSaysSoInsteadOfAnEmptyList() {
        AddHardwareViewModel add = new AddHardwareViewModel(AddedDevice.MACHINE, Set.of());
        for (NewDeviceKind kind : List.of(NewDeviceKind.USB_HOST, NewDeviceKind.PCI_HOST, NewDeviceKind.MDEV_HOST)) {
            assertEquals(add.unavailable(kind).orElseThrow(), note(add, kind), kind.toString());
        }
        assertEquals("This connection cannot give a guest the host's PCI devices", note(add, NewDeviceKind.PCI_HOST));
    }

    @Test
    void aKindTheConnectionCanAttachSaysTheHostListsNone() {
        AddHardwareViewModel add = new AddHardwareViewModel(AddedDevice.MACHINE,
                Set.of(Feature.USB_HOST_DEVICES, Feature.PCI_HOST_DEVICES, Feature.MEDIATED_HOST_DEVICES));
        assertEquals("No PCI devices listed for this connection's host", note(add, NewDeviceKind.PCI_HOST));
        assertEquals("No mediated devices listed for this connection's host", note(add, NewDeviceKind.MDEV_HOST));
    }
}
