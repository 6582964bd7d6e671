package org.virtfx.app.gallery;

import java.util.UUID;
import org.virtfx.core.connect.Connection;

/** test:///default's "test" given one device of every kind the VM window has a page for. */
final class GalleryDomain {
    private static final String DEVICES = """
            <filesystem type='mount' accessmode='passthrough'>
              <source dir='/srv/shared'/>
              <target dir='shared'/>
            </filesystem>
            <controller type='usb' index='0' model='qemu-xhci'/>
            <controller type='virtio-serial' index='0'/>
            <serial type='pty'>
              <target port='0'/>
            </serial>
            <console type='pty'>
              <target type='serial' port='0'/>
            </console>
            <channel type='unix'>
              <target type='virtio' name='org.qemu.guest_agent.0'/>
            </channel>
            <input type='tablet' bus='usb'/>
            <graphics type='vnc' port='-1' autoport='yes'/>
            <sound model='ich9'/>
            <video>
              <model type='virtio' heads='1' primary='yes'/>
            </video>
            <watchdog model='i6300esb' action='reset'/>
            <tpm model='tpm-crb'>
              <backend type='emulator' version='2.0'/>
            </tpm>
            <rng model='virtio'>
              <backend model='random'>/dev/urandom</backend>
            </rng>
            <panic model='isa'/>
            """;

    private GalleryDomain() {
    }

    /** Defines the devices into "test"'s persistent definition and returns its UUID. */
    static UUID withEveryDevice(Connection connection) {
        UUID uuid = connection.domains().lookup("test").uuid();
        String xml = connection.domains().xml(uuid, true);
        int end = xml.lastIndexOf("</devices>");
        connection.domains().define(xml.substring(0, end) + DEVICES + xml.substring(end));
        return uuid;
    }
}
