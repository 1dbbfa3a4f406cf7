package dev.acidispatch.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The dashboard served at {@code GET /api/ui}: one self-contained page ({@code ui/dashboard.html} with its style and
 * script inlined; nothing from a CDN, no build step). Its Content-Security-Policy allows exactly that inline style and
 * script (by SHA-256, CSP Level 3 "hash-source"), requests to this origin only ({@code connect-src 'self'}), and nothing
 * else: no other script, no frames, no form posts, no base URL. With every value written as text by the script, a
 * job id, reason or log line cannot run as code, and the function key the page holds cannot be sent elsewhere.
 */
public final class DashboardPage {
    private static final String STYLE = resource("/ui/dashboard.css");
    private static final String SCRIPT = resource("/ui/dashboard.js");
    private static final String PAGE = build();
    /** The policy for {@link #PAGE}: its own inline style and script, requests to this origin, nothing else. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src '" + sha256(SCRIPT) + "'; style-src '"
            + sha256(STYLE) + "'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private DashboardPage() {
    }

    /** GET /api/ui: the page and the headers that keep it to itself. */
    public static ApiResponse response() {
        return new ApiResponse(200, "text/html; charset=utf-8", PAGE)
                .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                // The URL holds the function key (?code=): never sent on as a Referer.
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Cache-Control", "no-store");
    }

    private static String build() {
        String html = resource("/ui/dashboard.html");
        if (!html.contains("<style>{{style}}</style>") || !html.contains("<script>{{script}}</script>")) {
            throw new IllegalStateException("ui/dashboard.html lacks its {{style}} or {{script}} placeholder");
        }
        if (STYLE.contains("</style") || SCRIPT.contains("</script")) {
            throw new IllegalStateException("The dashboard's style or script would close its own element");
        }
        return html.replace("{{style}}", STYLE).replace("{{script}}", SCRIPT);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DashboardPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The app is missing its resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }
}
