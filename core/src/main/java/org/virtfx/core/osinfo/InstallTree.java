package org.virtfx.core.osinfo;

import java.net.URI;

/**
 * A network install tree found at a URL: the OS it is (the generic one when its files say
 * nothing osinfo-db knows), its installer's kernel and initrd, and the kernel command line
 * that points the installer back at the tree.
 */
public record InstallTree(URI url, OsEntry os, URI kernel, URI initrd, String cmdline) {
}
