package org.virtfx.app.addhardware;

import org.virtfx.core.xml.XmlElement;

/** The fields of one kind of device in Add Hardware, and the device element they make. */
public interface NewDevice {

    /**
     * The new device element.
     *
     * @throws org.virtfx.core.error.VirtException (invalid argument) naming the field at fault
     */
    XmlElement element();
}
