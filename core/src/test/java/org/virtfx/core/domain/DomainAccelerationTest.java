package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DomainAccelerationTest {

    @Test
    void aDaemonsDomainTypeSaysWhatRunsItAndOtherTypesSayNothing() {
        assertEquals(Optional.of(new DomainAcceleration("KVM", "the domain's type is 'kvm'", true)),
                DomainAcceleration.ofDomainType("kvm", true));
        assertEquals("the domain's type is 'qemu' (at the next start)",
                DomainAcceleration.ofDomainType("qemu", false).orElseThrow().explanation());
        assertEquals(Optional.empty(), DomainAcceleration.ofDomainType("test", true));
        assertEquals(Optional.empty(), DomainAcceleration.ofDomainType("lxc", true));
    }

    @Test
    void aRunningDomainsReasonStandsAloneAndEveryAccelerationHasOne() {
        assertEquals("KVM is unavailable, /dev/kvm cannot be opened (No such file or directory)",
                new DomainAcceleration("QEMU TCG",
                        "KVM is unavailable, /dev/kvm cannot be opened (No such file or directory)", true).explanation());
        assertThrows(IllegalArgumentException.class, () -> new DomainAcceleration("KVM", " ", true));
    }
}
