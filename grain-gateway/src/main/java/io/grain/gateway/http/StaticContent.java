package io.grain.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files served for GET on a gateway's WebSocket port: class-path resources under one folder
 * ({@code io/grain/sample/web}), {@code /} meaning {@code index.html}. A path with {@code ..},
 * a backslash, an empty segment or a hidden name is refused, so nothing outside the folder can be
 * reached. Each file is read once and kept (content is meant to be a few small files shipped in a
 * jar). Thread safe.
 */
public final class StaticContent {
    /** Largest file served, in bytes: the content is a page and its scripts, not downloads. */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private static final Map<String, String> TYPES = Map.of(
        "html", "text/html; charset=UTF-8",
        "js", "text/javascript; charset=UTF-8",
        "css", "text/css; charset=UTF-8",
        "json", "application/json; charset=UTF-8",
        "proto", "text/plain; charset=UTF-8",
        "txt", "text/plain; charset=UTF-8",
        "svg", "image/svg+xml",
        "png", "image/png",
        "ico", "image/x-icon");

    private final ClassLoader loader;
    private final String root;
    private final ConcurrentHashMap<String, HttpAnswer> cache = new ConcurrentHashMap<>();

    /**
     * @param loader where the resources are.
     * @param root   the resource folder, e.g. {@code io/grain/sample/web} (no leading or trailing slash).
     */
    public StaticContent(final ClassLoader loader, final String root) {
        this.loader = Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(root, "root");
        if (root.isEmpty() || root.startsWith("/") || root.endsWith("/")) {
            throw new IllegalArgumentException("a static content root is a resource folder like io/grain/web, without a leading or"
                + " trailing '/': '" + root + "'");
        }
        if (loader.getResource(root + "/index.html") == null) {
            throw new IllegalArgumentException("no class-path resource " + root + "/index.html: the static content root must hold"
                + " the page served at /");
        }
        this.root = root;
    }

    /** The file for request path {@code path} ({@code /} is {@code index.html}), or null when there is none. */
    public HttpAnswer file(final String path) {
        final String relative = path.equals("/") ? "index.html" : path.substring(1);
        if (!safe(relative)) {
            return null;
        }
        final HttpAnswer cached = cache.get(relative);
        if (cached != null) {
            return cached;
        }
        final HttpAnswer read = read(relative);
        if (read != null) {
            cache.putIfAbsent(relative, read);
        }
        return read;
    }

    private HttpAnswer read(final String relative) {
        try (InputStream in = loader.getResourceAsStream(root + "/" + relative)) {
            if (in == null) {
                return null;
            }
            final byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalStateException("static file " + root + "/" + relative + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return new HttpAnswer(200, type(relative), bytes);
        } catch (final IOException e) {
            throw new UncheckedIOException("could not read " + root + "/" + relative, e);
        }
    }

    private static boolean safe(final String relative) {
        if (relative.isEmpty() || relative.endsWith("/") || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0) {
            return false;
        }
        for (final String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static String type(final String relative) {
        final int dot = relative.lastIndexOf('.');
        final String extension = dot < 0 ? "" : relative.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
