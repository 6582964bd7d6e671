package org.virtfx.core.osinfo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Finds the install tree at a URL, as virt-install does for {@code --location}: a
 * {@code .treeinfo} (or {@code treeinfo}) identified by osinfo-db's tree rules and naming its
 * kernel and initrd; failing that, the kernel and initrd paths of osinfo-db's trees without
 * one (Debian's and Ubuntu's netboot installers), the OS being the one whose published URL
 * ends most like the given one. HTTP and HTTPS only: the JDK has no FTP client. It blocks on
 * the network, so it runs as a task.
 */
public final class InstallTreeLocator {
    /** A .treeinfo is a few hundred bytes; more is not one. */
    private static final int MAX_TREEINFO = 64 * 1024;

    private final OsDatabase database;
    private final HttpClient http;
    private final Duration timeout;

    public InstallTreeLocator(OsDatabase database, HttpClient http, Duration timeout) {
        this.database = database;
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * @throws VirtException INVALID_ARG for a URL that is not HTTP(S), OPERATION_FAILED naming the
     *                       URL when it cannot be reached or holds no tree for {@code arch}
     */
    public InstallTree locate(String url, String arch) {
        URI base = base(url);
        for (String name : List.of(".treeinfo", "treeinfo")) {
            Optional<String> text = fetchText(base.resolve(name));
            if (text.isPresent()) {
                return fromTreeinfo(base, TreeInfo.parse(text.get()));
            }
        }
        Map<String, List<TreeMatch>> byKernel = new LinkedHashMap<>();
        for (TreeMatch match : database.treesWithoutTreeinfo(arch)) {
            byKernel.computeIfAbsent(match.tree().kernel() + "\n" + match.tree().initrd(), k -> new ArrayList<>())
                    .add(match);
        }
        for (List<TreeMatch> sameFiles : byKernel.values()) {
            TreeRule rule = sameFiles.get(0).tree();
            if (exists(base.resolve(rule.kernel())) && exists(base.resolve(rule.initrd()))) {
                // The newest release wins a tie: the list comes newest first and only a longer tail replaces it.
                TreeMatch best = sameFiles.get(0);
                for (TreeMatch candidate : sameFiles) {
                    if (sharedTail(candidate.tree().url(), base) > sharedTail(best.tree().url(), base)) {
                        best = candidate;
                    }
                }
                return tree(base, best.os(), rule.kernel(), rule.initrd());
            }
        }
        throw new VirtException(ErrorCode.OPERATION_FAILED, "No install tree for " + arch + " at " + base
                + ": it has no .treeinfo and none of the installer kernels osinfo-db knows");
    }

    /** Copies {@code source} to {@code target} through a temporary file beside it, so a failed copy leaves nothing. */
    public void download(URI source, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            HttpResponse<InputStream> response = send(source, "GET", HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, "Cannot download " + source + ": HTTP "
                            + response.statusCode());
                }
                Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw VirtException.system("Cannot download " + source, e);
        }
    }

    private InstallTree fromTreeinfo(URI base, TreeInfo info) {
        Optional<TreeMatch> match = database.identify(info);
        String kernel = !info.kernel().isEmpty() ? info.kernel() : match.map(m -> m.tree().kernel()).orElse("");
        String initrd = !info.initrd().isEmpty() ? info.initrd() : match.map(m -> m.tree().initrd()).orElse("");
        if (kernel.isEmpty() || initrd.isEmpty()) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, "The .treeinfo at " + base
                    + " names no kernel and initrd for " + info.treeArch());
        }
        return tree(base, match.map(TreeMatch::os).orElse(OsEntry.GENERIC), kernel, initrd);
    }

    private InstallTree tree(URI base, OsEntry os, String kernel, String initrd) {
        return new InstallTree(base, os, base.resolve(kernel), base.resolve(initrd), cmdline(base, os));
    }

    /**
     * The installer finds the tree through the OS's URL argument ({@code inst.repo=URL} for
     * Anaconda); Debian's installer takes its mirror as preseed answers instead, split where
     * the archive's {@code dists/} begins.
     */
    private String cmdline(URI base, OsEntry os) {
        String argument = os.isGeneric() ? "" : database.kernelUrlArgument(os);
        if (!argument.isEmpty()) {
            return argument + "=" + base;
        }
        int dists = base.getPath().indexOf("/dists/");
        if (dists >= 0) {
            String host = base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort();
            String protocol = base.getScheme();
            return "mirror/country=manual mirror/protocol=" + protocol + " mirror/" + protocol + "/hostname=" + host
                    + " mirror/" + protocol + "/directory=" + base.getPath().substring(0, dists);
        }
        return "";
    }

    /** How many trailing path segments two URLs share: "dists/bullseye/main/installer-amd64" tells bullseye. */
    private static int sharedTail(String published, URI given) {
        List<String> a = segments(URI.create(published.endsWith("/") ? published : published + "/").getPath());
        List<String> b = segments(given.getPath());
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(a.size() - 1 - n).equals(b.get(b.size() - 1 - n))) {
            n++;
        }
        return n;
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static URI base(String url) {
        String text = url == null ? "" : url.strip();
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text : text + "/");
        } catch (URISyntaxException e) {
            throw new VirtException(ErrorCode.INVALID_ARG, "'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (scheme.equals("ftp")) {
            throw new VirtException(ErrorCode.INVALID_ARG, "FTP install trees are not supported: give the HTTP or HTTPS URL of " + text);
        }
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, "'" + text + "' is not an HTTP or HTTPS URL of an install tree");
        }
        return uri;
    }

    private Optional<String> fetchText(URI uri) {
        HttpResponse<InputStream> response = send(uri, "GET", HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            byte[] bytes = body.readNBytes(MAX_TREEINFO + 1);
            if (bytes.length > MAX_TREEINFO) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, uri + " is larger than " + MAX_TREEINFO
                        + " bytes: not a .treeinfo");
            }
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(uri, e);
        }
    }

    private boolean exists(URI uri) {
        return send(uri, "HEAD", HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private <T> HttpResponse<T> send(URI uri, String method, HttpResponse.BodyHandler<T> handler) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw unreachable(uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, "Looking for the install tree at " + uri + " was interrupted");
        }
    }

    private static VirtException unreachable(URI uri, IOException e) {
        String reason = e.getMessage() == null || e.getMessage().isEmpty() ? e.getClass().getSimpleName() : e.getMessage();
        return new VirtException(ErrorCode.OPERATION_FAILED, "Cannot reach " + uri + ": " + reason, e.toString(), e);
    }
}
