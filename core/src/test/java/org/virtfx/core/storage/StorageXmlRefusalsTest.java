package org.virtfx.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** What libvirt's storage parser refuses, refused here in its words (virsh 9.0 on test:///default). */
class StorageXmlRefusalsTest {
    private final StorageXml xml = new StorageXml();

    @Test
    void aPoolNeedsATypeLibvirtKnows() {
        assertRefused(ErrorCode.XML_ERROR, "XML error: Invalid value for attribute 'type' in element 'pool': 'bogus'.",
                () -> xml.parsePool("<pool type='bogus'><name>p</name><target><path>/x</path></target></pool>", "p.xml"));
        assertRefused(ErrorCode.XML_ERROR, "XML error: Missing required attribute 'type' in element 'pool'",
                () -> xml.parsePool("<pool><name>p</name><target><path>/x</path></target></pool>", "p.xml"));
    }

    @Test
    void aPoolOfLocalStorageNeedsATargetPathButNetworkAndLogicalPoolsDoNot() {
        for (String type : new String[] {"dir", "fs", "netfs", "disk", "iscsi", "scsi", "mpath", "vstorage"}) {
            assertRefused(ErrorCode.XML_ERROR, "XML error: missing storage pool target path",
                    () -> xml.parsePool("<pool type='" + type + "'><name>p</name></pool>", "p.xml"));
        }
        for (String type : new String[] {"logical", "zfs", "rbd", "sheepdog", "gluster", "iscsi-direct"}) {
            assertEquals(type, xml.parsePool("<pool type='" + type + "'><name>p</name></pool>", "p.xml").type());
        }
        assertEquals("/var/lib/p", xml.parsePool("<pool type='dir'><name>p</name><target><path>/var/lib/p</path>"
                + "</target></pool>", "p.xml").targetPath());
    }

    @Test
    void aVolumesSizesMustBeWholeNumbersWithAUnitLibvirtKnows() {
        for (String size : new String[] {"abc", "-5", "1.5", "", "99999999999999999999"}) {
            assertRefused(ErrorCode.XML_ERROR, "XML error: malformed capacity element",
                    () -> xml.parseVolume("<volume><name>v</name><capacity>" + size + "</capacity></volume>", "v.xml"));
        }
        assertRefused(ErrorCode.XML_ERROR, "XML error: malformed capacity element", () -> xml.parseVolume(
                "<volume><name>v</name><capacity>10</capacity><allocation>zz</allocation></volume>", "v.xml"));
        assertRefused(ErrorCode.INVALID_ARG, "invalid argument: unknown suffix 'XB'",
                () -> xml.parseVolume("<volume><name>v</name><capacity unit='XB'>10</capacity></volume>", "v.xml"));
        assertRefused(ErrorCode.XML_ERROR, "XML error: missing capacity element",
                () -> xml.parseVolume("<volume><name>v</name></volume>", "v.xml"));
    }

    @Test
    void aNewVolumesFormatMustBeOneItsPoolsKindKnows() {
        String bogus = "<volume><name>v</name><capacity>10</capacity><target><format type='bogus'/></target></volume>";
        assertRefused(ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: unknown volume format type bogus",
                () -> xml.parseVolume(bogus, "v.xml", "dir"));
        String linux = bogus.replace("bogus", "linux");
        assertRefused(ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: unknown volume format type linux",
                () -> xml.parseVolume(linux, "v.xml", "fs"));
        assertEquals("linux", xml.parseVolume(linux, "v.xml", "disk").format());
        assertEquals("qcow2", xml.parseVolume(bogus.replace("bogus", "qcow2"), "v.xml", "dir").format());
        assertEquals("raw", xml.parseVolume(bogus.replace("<target><format type='bogus'/></target>", ""), "v.xml", "dir")
                .format());
        // A volume a pool already holds is read as it is.
        assertEquals("bogus", xml.parseVolume(bogus, "v.xml").format());
    }

    private static void assertRefused(ErrorCode code, String message, Runnable parse) {
        VirtException e = assertThrows(VirtException.class, parse::run);
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }
}
