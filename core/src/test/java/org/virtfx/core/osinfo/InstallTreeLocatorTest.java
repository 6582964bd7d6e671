package org.virtfx.core.osinfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.VirtException;

/** Install trees served over HTTP on loopback: a Fedora tree with .treeinfo and Debian's netboot installer. */
class InstallTreeLocatorTest {
    private LoopbackFiles server;
    private InstallTreeLocator locator;
    private String root;

    @BeforeEach
    void serve() throws Exception {
        server = LoopbackFiles.start();
        root = server.url("");
        locator = new InstallTreeLocator(SystemOsDatabase.require(), HttpClient.newHttpClient(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void put(String path, String content) {
        server.put(path, content);
    }

    @Test
    void fedoraTreeinfoGivesItsKernelAndInstRepo(@TempDir Path dir) {
        put("/fedora/36/os/.treeinfo", "[general]\nfamily = Fedora\nversion = 36\narch = x86_64\nvariant = Server\n"
                + "[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n");
        put("/fedora/36/os/images/pxeboot/vmlinuz", "KERNEL");
        InstallTree tree = locator.locate(root + "/fedora/36/os", "x86_64");
        assertEquals("fedora36", tree.os().shortId());
        assertEquals(URI.create(root + "/fedora/36/os/images/pxeboot/vmlinuz"), tree.kernel());
        assertEquals(URI.create(root + "/fedora/36/os/images/pxeboot/initrd.img"), tree.initrd());
        assertEquals("inst.repo=" + root + "/fedora/36/os/", tree.cmdline());
        Path kernel = dir.resolve("vmlinuz");
        locator.download(tree.kernel(), kernel);
        assertArrayEquals("KERNEL".getBytes(StandardCharsets.UTF_8), readAll(kernel));
    }

    @Test
    void debianNetbootLayoutIsKnownByItsKernelPathAndUrl() {
        String tree = "/debian/dists/bullseye/main/installer-amd64/";
        put(tree + "current/images/netboot/debian-installer/amd64/linux", "K");
        put(tree + "current/images/netboot/debian-installer/amd64/initrd.gz", "I");
        InstallTree found = locator.locate(root + tree, "x86_64");
        assertEquals("debian11", found.os().shortId(), "bullseye is in the URL");
        assertEquals(URI.create(root + tree + "current/images/netboot/debian-installer/amd64/linux"), found.kernel());
        assertEquals("mirror/country=manual mirror/protocol=http mirror/http/hostname=127.0.0.1:"
                + server.port() + " mirror/http/directory=/debian", found.cmdline());
    }

    @Test
    void aServerWithoutATreeSaysSo() {
        put("/empty/index.html", "hello");
        VirtException e = assertThrows(VirtException.class, () -> locator.locate(root + "/empty", "x86_64"));
        assertEquals("No install tree for x86_64 at " + root + "/empty/: it has no .treeinfo and none of the"
                + " installer kernels osinfo-db knows", e.getMessage());
    }

    @Test
    void anUnreachableUrlSaysWhichAndWhy() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        VirtException e = assertThrows(VirtException.class,
                () -> locator.locate("http://127.0.0.1:" + closed + "/tree", "x86_64"));
        assertTrue(e.getMessage().startsWith("Cannot reach http://127.0.0.1:" + closed + "/tree/.treeinfo: "),
                e.getMessage());
    }

    @Test
    void onlyHttpAndHttpsAreTaken() {
        assertEquals("FTP install trees are not supported: give the HTTP or HTTPS URL of ftp://example.org/tree",
                assertThrows(VirtException.class, () -> locator.locate("ftp://example.org/tree", "x86_64")).getMessage());
        assertEquals("'/srv/tree' is not an HTTP or HTTPS URL of an install tree",
                assertThrows(VirtException.class, () -> locator.locate("/srv/tree", "x86_64")).getMessage());
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
