package org.virtfx.app.addhardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GraphicsDeviceTest {
    private static AddHardwareViewModel graphics() {
        return AddedDevice.form(NewDeviceKind.GRAPHICS);
    }

    private static String xml(AddHardwareViewModel add) {
        return AddedDevice.xml(add);
    }

    @Test
    void vncOnASocketTheHypervisorNamesIsTheDefault() {
        assertEquals("<graphics type='vnc'>\n  <listen type='socket'/>\n</graphics>\n", xml(graphics()));
    }

    @Test
    void anAddressGetsAnAutomaticPortOrTheOneGiven() {
        AddHardwareViewModel add = graphics();
        add.graphics().listenProperty().set("address");
        assertEquals("<graphics type='vnc' port='-1' autoport='yes'>\n  <listen type='address'/>\n</graphics>\n",
                xml(add));
        add.graphics().addressProperty().set("127.0.0.1");
        add.graphics().autoportProperty().set(false);
        add.graphics().portProperty().set("5903");
        assertEquals("<graphics type='vnc' port='5903' autoport='no' listen='127.0.0.1'>\n"
                + "  <listen type='address' address='127.0.0.1'/>\n</graphics>\n", xml(add));
    }

    @Test
    void spiceWithoutListeningAndWithAPassword() {
        AddHardwareViewModel add = graphics();
        add.graphics().typeProperty().set("spice");
        add.graphics().listenProperty().set("none");
        add.graphics().passwordProperty().set("sekrit long");
        assertEquals("<graphics type='spice' passwd='sekrit long'>\n  <listen type='none'/>\n</graphics>\n", xml(add));
    }

    @Test
    void badPortsAddressesAndLongVncPasswordsAreRefusedByField() {
        AddHardwareViewModel add = graphics();
        add.graphics().listenProperty().set("address");
        add.graphics().autoportProperty().set(false);
        add.graphics().portProperty().set("80");
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Port: give a number from 5900 to 65535, or choose Auto", add.errorProperty().get());
        add.graphics().autoportProperty().set(true);
        add.graphics().addressProperty().set("my host");
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Address: give a host name or address, such as localhost or 192.168.1.10",
                add.errorProperty().get());
        add.graphics().addressProperty().set("");
        add.graphics().passwordProperty().set("123456789");
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Password: VNC passwords are at most 8 characters", add.errorProperty().get());
    }
}
