package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.RootTests;

/** Names that would hurt a shell or a path are plain data, or refused. */
class HostileNamesTest {
    private static final String TEN = "nnnnnnnnnn";
    /** 100 characters, a compile-time constant so that it can be a test parameter. */
    private static final String LONG = TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN;

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;reboot", "$(id)", "`id`", "x y&z", LONG})
    void shellMetacharactersAreJustPartOfTheName(String name) throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define(name, "/bin/sleep", "infinity").uuid();
            assertTrue(Files.exists(host.directory.resolve("etc").resolve(name + ".xml")), "stored under its own name");
            host.connection.domains().start(uuid);
            assertEquals(DomainState.RUNNING, host.connection.domains().lookup(name).state());
            long init = host.domains().initPid(uuid).orElseThrow();
            String hostname = ContainerLifecycleTest.inside(init, "-u", "hostname").strip();
            assertEquals(ContainerStart.hostname(name), hostname);
            assertTrue(hostname.matches("[A-Za-z0-9.-]{1,63}"), hostname);
            assertTrue(Files.readString(Path.of("/proc", Long.toString(init), "environ")).contains(
                    "LIBVIRT_LXC_NAME=" + name + "\0"), "the name reaches init verbatim as data");
            host.connection.domains().destroy(uuid);
            host.connection.domains().undefine(uuid);
            assertFalse(Files.exists(host.directory.resolve("etc").resolve(name + ".xml")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", ".hidden", "tab\there"})
    void namesThatWouldLeaveTheDirectoryAreRefused(String name) throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            VirtException e = assertThrows(VirtException.class, () -> host.define(name, "/bin/sleep", "infinity"));
            assertEquals(ErrorCode.XML_ERROR, e.code());
            assertTrue(host.connection.domains().list().isEmpty());
            assertFalse(Files.exists(host.directory.resolve("x.xml")));
            assertFalse(Files.exists(host.directory.resolve("etc/x.xml")));
        }
    }

    @Test
    void hostnamesAreTheNameWhereValidAndSanitisedOtherwise() {
        assertEquals("web-1.example", ContainerStart.hostname("web-1.example"));
        assertEquals("a-reboot", ContainerStart.hostname("a;reboot"));
        assertEquals("--id-", ContainerStart.hostname("$(id)"));
        assertEquals(63, ContainerStart.hostname(LONG).length());
    }
}
