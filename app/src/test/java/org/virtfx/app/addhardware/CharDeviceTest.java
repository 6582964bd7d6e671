package org.virtfx.app.addhardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CharDeviceTest {
    private static AddHardwareViewModel add(NewDeviceKind kind) {
        return AddedDevice.form(kind);
    }

    private static String xml(AddHardwareViewModel add) {
        return AddedDevice.xml(add);
    }

    @Test
    void serialPortsAreAPtyByDefaultOrAFileOrAUnixSocket() {
        AddHardwareViewModel add = add(NewDeviceKind.SERIAL);
        assertEquals("<serial type='pty'/>\n", xml(add));
        CharDevice serial = add.charDevice(NewDeviceKind.SERIAL);
        serial.typeProperty().set("file");
        serial.pathProperty().set("/var/log/guest-serial.log");
        assertEquals("<serial type='file'>\n  <source path='/var/log/guest-serial.log'/>\n</serial>\n", xml(add));
        serial.typeProperty().set("unix");
        serial.pathProperty().set("/run/guest.sock");
        assertEquals("<serial type='unix'>\n  <source mode='bind' path='/run/guest.sock'/>\n</serial>\n", xml(add));
    }

    @Test
    void aTcpParallelPortListensOnVirtManagersDefaultAndMaySpeakTelnet() {
        AddHardwareViewModel add = add(NewDeviceKind.PARALLEL);
        CharDevice parallel = add.charDevice(NewDeviceKind.PARALLEL);
        parallel.typeProperty().set("tcp");
        assertEquals("<parallel type='tcp'>\n  <source mode='bind' host='127.0.0.1' service='4555'/>\n"
                + "  <protocol type='raw'/>\n</parallel>\n", xml(add));
        parallel.telnetProperty().set(true);
        parallel.modeProperty().set("connect");
        assertEquals("<parallel type='tcp'>\n  <source mode='connect' host='127.0.0.1' service='4555'/>\n"
                + "  <protocol type='telnet'/>\n</parallel>\n", xml(add));
    }

    @Test
    void usbRedirectionComesFromSpiceOrConnectsToAUsbredirServer() {
        AddHardwareViewModel add = add(NewDeviceKind.USB_REDIRECTION);
        assertEquals("<redirdev bus='usb' type='spicevmc'/>\n", xml(add));
        CharDevice redirection = add.charDevice(NewDeviceKind.USB_REDIRECTION);
        redirection.typeProperty().set("tcp");
        redirection.telnetProperty().set(true);
        assertEquals("<redirdev bus='usb' type='tcp'>\n  <source mode='connect' host='localhost' service='4000'/>\n"
                + "  <protocol type='raw'/>\n</redirdev>\n", xml(add));
    }

    @Test
    void missingPathsAndBadPortsAreRefusedByField() {
        AddHardwareViewModel add = add(NewDeviceKind.SERIAL);
        CharDevice serial = add.charDevice(NewDeviceKind.SERIAL);
        serial.typeProperty().set("dev");
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Path: give an absolute path, such as /dev/urandom", add.errorProperty().get());
        serial.typeProperty().set("tcp");
        serial.portProperty().set("70000");
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Port: give a port number from 1 to 65535", add.errorProperty().get());
        serial.typeProperty().set("udp");
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Device type: 'udp' is not one of pty, dev, file, pipe, unix, tcp", add.errorProperty().get());
    }
}
