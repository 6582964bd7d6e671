package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.plumbing.host.LinuxHost;

/** lxc:///'s capabilities, as libvirt's LXC driver reports them. */
class LxcHostFactsTest {
    private final LxcHostFacts facts = new LxcHostFacts(new LinuxHost(), Path.of("/opt/virtfx/lib/virtfx-lxc-supervisor"));

    @Test
    void capabilitiesOfferContainersOfTheHostsArchitectureRunByTheSupervisor() {
        XmlElement caps = new XmlParser().parse(facts.capabilitiesXml(), "(capabilities)");
        String arch = new LinuxHost().arch();
        assertEquals(arch, caps.child("host").flatMap(h -> h.child("cpu")).flatMap(c -> c.childText("arch")).orElseThrow());
        List<XmlElement> guests = caps.children("guest");
        assertTrue(guests.stream().allMatch(g -> g.childText("os_type").orElseThrow().equals("exe")));
        XmlElement first = guests.get(0).child("arch").orElseThrow();
        assertEquals(arch, first.attribute("name").orElseThrow());
        assertEquals("/opt/virtfx/lib/virtfx-lxc-supervisor", first.childText("emulator").orElseThrow());
        assertEquals("lxc", first.child("domain").flatMap(d -> d.attribute("type")).orElseThrow());
        if (arch.equals("x86_64")) {
            assertEquals(List.of("x86_64", "i686"), guests.stream()
                    .map(g -> g.child("arch").flatMap(a -> a.attribute("name")).orElseThrow()).toList());
        }
        assertEquals("none", caps.child("host").flatMap(h -> h.child("secmodel")).flatMap(s -> s.childText("model"))
                .orElseThrow());
    }

    @Test
    void theHypervisorIsTheKernel() {
        assertEquals("LXC", facts.hypervisorType());
        assertEquals(new LinuxHost().kernelVersion(), facts.hypervisorVersion());
        assertEquals(facts.nodeInfo().cpus(), new LinuxHost().nodeInfo().cpus());
    }
}
