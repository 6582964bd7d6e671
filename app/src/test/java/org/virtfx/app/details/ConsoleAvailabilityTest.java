package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class ConsoleAvailabilityTest {
    private static final VirtException UNSUPPORTED = VirtException.unsupported("test", "console");
    private static final VirtException GONE = new VirtException(ErrorCode.OPERATION_FAILED, "pty gone");

    private static DomainDocument machine(String devices) {
        return new DomainDocument("<domain type='kvm'><name>m</name><memory>1024</memory><os><type>hvm</type></os>"
                + "<devices>" + devices + "</devices></domain>");
    }

    private static final DomainDocument CONTAINER = new DomainDocument(
            "<domain type='lxc'><name>c</name><memory>1024</memory><os><type>exe</type></os></domain>");

    @Test
    void aMachineWithoutConsoleOrSerialSaysSoInVirtManagersWords() {
        assertEquals("Graphical console not configured for guest", ConsoleAvailability.whyNone(machine(""), GONE));
        assertEquals("Cannot display graphical console type 'spice'",
                ConsoleAvailability.whyNone(machine("<graphics type='spice'/>"), UNSUPPORTED));
    }

    @Test
    void aDriverWithoutConsolesIsNotShownAsAnError() {
        assertEquals("No text console available", ConsoleAvailability.whyNone(CONTAINER, UNSUPPORTED));
        assertEquals("Graphical console not configured for guest",
                ConsoleAvailability.whyNone(machine("<serial type='pty'/>"), UNSUPPORTED));
    }

    @Test
    void aConsoleThatExistsButFailsShowsTheError() {
        assertEquals("Error connecting to text console: pty gone", ConsoleAvailability.whyNone(CONTAINER, GONE));
        assertEquals("Error connecting to text console: pty gone",
                ConsoleAvailability.whyNone(machine("<console type='pty'/>"), GONE));
        assertEquals("Error connecting to text console: pty gone", ConsoleAvailability.whyNone(null, GONE));
    }
}
