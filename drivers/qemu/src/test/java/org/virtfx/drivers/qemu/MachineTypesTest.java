package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.plumbing.host.LinuxHost;
import org.virtfx.plumbing.process.HostProcess;

/** The machine types in {@code qemu:///}'s capabilities are the host's QEMU's, as {@code -machine help} lists them. */
class MachineTypesTest {
    @TempDir
    Path dir;

    @Test
    void capabilitiesListTheMachinesTheHostsQemuOffers() {
        HostProcess.Result help = HostProcess.run(List.of(QemuHostFacts.EMULATOR, "-machine", "help"), null);
        assertTrue(help.ok(), help.stderr());
        // name -> the machine it is an alias of (or itself), from lines "NAME  DESCRIPTION [(alias of X)] [(default)]".
        Map<String, String> listed = new HashMap<>();
        String byDefault = null;
        for (String line : help.stdout().lines().skip(1).toList()) {
            String name = line.split("\\s+")[0];
            if (name.equals("none")) {
                continue;
            }
            int alias = line.indexOf("(alias of ");
            listed.put(name, alias < 0 ? name : line.substring(alias + 10, line.indexOf(')', alias)));
            byDefault = line.endsWith("(default)") ? name : byDefault;
        }

        String caps = new QemuHostFacts(new LinuxHost(), dir.resolve("no-kvm")).capabilitiesXml();
        XmlElement root = new XmlParser().parse(caps, "capabilities");
        for (XmlElement guest : root.children("guest")) {
            XmlElement arch = guest.child("arch").orElseThrow();
            List<XmlElement> machines = arch.children("machine");
            Map<String, String> offered = new HashMap<>();
            Map<String, String> maxCpus = new HashMap<>();
            for (XmlElement machine : machines) {
                offered.put(machine.text(), machine.attribute("canonical").orElse(machine.text()));
                maxCpus.put(machine.text(), machine.attribute("maxCpus").orElseThrow());
                assertTrue(Integer.parseInt(machine.attribute("maxCpus").orElseThrow()) > 0, caps);
            }
            assertEquals(listed, offered, arch.attribute("name") + ": " + caps);
            assertEquals(machines.size(), offered.size(), "no machine twice: " + caps);
            assertEquals(byDefault, machines.get(0).text(), "the default comes first, as libvirt lists it");
            offered.forEach((name, canonical) -> assertEquals(maxCpus.get(canonical), maxCpus.get(name), name));
            assertTrue(offered.containsKey("q35") && offered.containsKey("pc"), "the wizard's q35 is there: " + caps);
        }
        assertTrue(caps.contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>\n      <machine maxCpus='"), caps);
    }

    @Test
    void aBinaryIsAskedAgainOnlyOnceItChanged() throws Exception {
        // A binary of the test's own whose time can change: a script that runs the host's QEMU.
        Path binary = Files.writeString(dir.resolve("qemu-system-x86_64"), "#!/bin/sh\nexec "
                + QemuHostFacts.EMULATOR + " \"$@\"\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        MachineTypes types = new MachineTypes();
        List<MachineTypes.Machine> first = types.of(binary);
        assertSame(first, types.of(binary), "unchanged, it is not asked again");
        Files.setLastModifiedTime(binary, FileTime.fromMillis(0));
        List<MachineTypes.Machine> again = types.of(binary);
        assertNotSame(first, again, "an upgraded binary is asked again");
        assertEquals(first, again);
    }

    @Test
    void aBinaryThatFailsToStartIsReportedInItsOwnWords() throws Exception {
        Path binary = Files.writeString(dir.resolve("qemu-system-x86_64"), "#!/bin/sh\n"
                + "echo 'qemu-system-x86_64: warning: host lacks something' >&2\n"
                + "echo 'qemu-system-x86_64: cannot open shared library libfoo.so.1' >&2\nexit 1\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        VirtException e = assertThrows(VirtException.class, () -> new MachineTypes().of(binary));
        assertTrue(e.getMessage().endsWith("QEMU binary " + binary + " ended without listing its machine types:"
                + " qemu-system-x86_64: cannot open shared library libfoo.so.1"), e.getMessage());
    }

    @Test
    void aMissingBinaryIsNamed() {
        Path gone = dir.resolve("qemu-system-gone");
        VirtException e = assertThrows(VirtException.class, () -> new MachineTypes().of(gone));
        assertTrue(e.getMessage().contains("Cannot find QEMU binary " + gone), e.getMessage());
    }
}
