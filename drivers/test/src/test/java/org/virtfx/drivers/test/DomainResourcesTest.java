package org.virtfx.drivers.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** Memory, vCPUs, keys and the screen of test:///default's domain "test" (8 GiB, 2 vCPUs, running). */
class DomainResourcesTest {
    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final DomainFamily domains = connection.domains();
    private final UUID test = domains.lookup("test").uuid();

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void memoryChangesLiveOrInTheDefinitionAsAsked() {
        assertTrue(connection.supports(Feature.LIVE_RESOURCE_CHANGES));
        domains.setMemory(test, 4 * 1024 * 1024, Set.of(DeviceScope.LIVE));
        assertEquals(4194304, domains.stats(test).memoryKiB());
        assertTrue(domains.xml(test, false).contains("<currentMemory unit='KiB'>4194304</currentMemory>"));
        assertTrue(domains.xml(test, true).contains("<currentMemory unit='KiB'>2097152</currentMemory>"));
        domains.setMemory(test, 102400, Set.of(DeviceScope.CONFIG));
        assertTrue(domains.xml(test, true).contains("<currentMemory unit='KiB'>102400</currentMemory>"));
        assertEquals(4194304, domains.stats(test).memoryKiB(), "the running guest keeps its memory");
        // No scope: the running definition of a running domain, the stored one of a stopped domain.
        domains.setMemory(test, 1024 * 1024, Set.of());
        assertEquals(1048576, domains.stats(test).memoryKiB());
        domains.destroy(test);
        assertEquals(102400, domains.stats(test).memoryKiB(), "a stop drops the live change");
        domains.setMemory(test, 204800, Set.of());
        assertTrue(domains.xml(test, true).contains("<currentMemory unit='KiB'>204800</currentMemory>"));
    }

    @Test
    void memoryChangesAreRefusedInLibvirtsWords() {
        assertRefused(ErrorCode.INVALID_ARG, "invalid argument: cannot set memory higher than max memory",
                () -> domains.setMemory(test, 9L * 1024 * 1024, Set.of()));
        assertRefused(ErrorCode.INVALID_ARG, "memory in virDomainSetMemoryFlags must not be zero",
                () -> domains.setMemory(test, 0, Set.of(DeviceScope.LIVE)));
        assertRefused(ErrorCode.INVALID_ARG,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive",
                () -> domains.setMemory(test, 1024, Set.of(DeviceScope.LIVE, DeviceScope.CONFIG)));
        domains.destroy(test);
        assertRefused(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running",
                () -> domains.setMemory(test, 1024, Set.of(DeviceScope.LIVE)));
        assertTrue(domains.xml(test, true).contains("<currentMemory unit='KiB'>2097152</currentMemory>"));
    }

    @Test
    void vcpusChangeWithinTheMaximum() {
        domains.setVcpus(test, 1, Set.of());
        assertEquals(1, domains.stats(test).vcpus());
        assertTrue(domains.xml(test, false).contains("<vcpu placement='static' current='1'>2</vcpu>"));
        assertTrue(domains.xml(test, true).contains("<vcpu placement='static'>2</vcpu>"));
        domains.setVcpus(test, 1, Set.of(DeviceScope.LIVE, DeviceScope.CONFIG));
        assertTrue(domains.xml(test, true).contains("<vcpu placement='static' current='1'>2</vcpu>"));
        domains.setVcpus(test, 2, Set.of(DeviceScope.CONFIG));
        assertTrue(domains.xml(test, true).contains("<vcpu placement='static'>2</vcpu>"), "current goes when it is the maximum");
        assertRefused(ErrorCode.INVALID_ARG, "invalid argument: requested cpu amount exceeds maximum (3 > 2)",
                () -> domains.setVcpus(test, 3, Set.of()));
        assertRefused(ErrorCode.INVALID_ARG,
                "invalid argument: requested cpu amount exceeds maximum supported amount (40 > 32)",
                () -> domains.setVcpus(test, 40, Set.of(DeviceScope.CONFIG)));
        domains.destroy(test);
        assertRefused(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running",
                () -> domains.setVcpus(test, 1, Set.of(DeviceScope.LIVE)));
        assertEquals(2, domains.stats(test).vcpus());
    }

    @Test
    void keysMustBeKeysOfTheLinuxKeymap() {
        domains.sendKey(test, 0, 29, 56, 111);
        domains.sendKey(test, 0, 0);
        domains.sendKey(test, 0, 248);
        assertRefused(ErrorCode.INTERNAL_ERROR, "internal error: invalid keycode 700 of linux codeset",
                () -> domains.sendKey(test, 0, 700));
        assertRefused(ErrorCode.INTERNAL_ERROR, "internal error: invalid keycode 767 of linux codeset",
                () -> domains.sendKey(test, 0, 0x2ff));
        int[] seventeen = new int[17];
        Arrays.fill(seventeen, 30);
        assertThrows(VirtException.class, () -> domains.sendKey(test, 0, seventeen));
        domains.destroy(test);
        assertRefused(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running",
                () -> domains.sendKey(test, 0, 30));
    }

    @Test
    void theScreenIsAGreyPictureOfTheDriversOwnInAnyState() {
        byte[] ppm = domains.screenshot(test);
        byte[] header = "P6\n1120 832\n255\n".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(header, Arrays.copyOf(ppm, header.length));
        assertEquals(header.length + 3 * 1120 * 832, ppm.length);
        int top = ppm[header.length] & 0xff;
        int bottom = ppm[ppm.length - 1] & 0xff;
        assertTrue(bottom > top + 100, "shaded from " + top + " to " + bottom);
        domains.destroy(test);
        assertArrayEquals(ppm, domains.screenshot(test), "the same picture while shut off, as libvirt's");
        String other = domains.define("""
                <domain type='test'><name>other</name><uuid>0f0e0d0c-0b0a-4908-8706-050403020100</uuid>
                <memory>1024</memory><os><type>hvm</type></os></domain>""").name();
        assertFalse(Arrays.equals(ppm, domains.screenshot(domains.lookup(other).uuid())), "each domain has its own");
    }

    private static void assertRefused(ErrorCode code, String message, Runnable call) {
        VirtException e = assertThrows(VirtException.class, call::run);
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }
}
