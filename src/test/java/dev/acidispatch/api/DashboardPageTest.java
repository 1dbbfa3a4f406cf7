package dev.acidispatch.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard page is self-contained and locked to itself: its Content-Security-Policy allows exactly the inline
 * script and style it carries (by hash) and requests to its own origin, and its script never parses data as HTML. The
 * browser tests (cli module, DashboardBrowserTest) check the behaviour in Chromium.
 */
class DashboardPageTest {
    private final ApiResponse page = DashboardPage.response();

    @Test
    void thePolicyAllowsOnlyThePagesOwnScriptAndStyleAndRequestsToThisApp() throws Exception {
        String csp = page.headers().get("Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'none'; "), csp);
        assertTrue(csp.contains("connect-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("base-uri 'none'")
                && csp.contains("form-action 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains("http"), csp);
        assertEquals("'" + sha256(inline("script")) + "'", directive(csp, "script-src"));
        assertEquals("'" + sha256(inline("style")) + "'", directive(csp, "style-src"));
        assertEquals("no-referrer", page.headers().get("Referrer-Policy"));
        assertEquals("no-store", page.headers().get("Cache-Control"));
        assertEquals("text/html; charset=utf-8", page.contentType());
    }

    @Test
    void nothingIsLoadedFromElsewhere() {
        String html = page.body();
        assertEquals(1, count(html, "<script"), "one inline script, no script src");
        assertFalse(html.contains(" src="), "no external resources");
        assertFalse(html.contains("<link"), "no stylesheet links");
        assertFalse(html.matches("(?s).*https?://.*"), "no absolute URLs");
        assertFalse(html.contains(" style=\""), "no inline style attributes (the policy would block them)");
        assertFalse(html.matches("(?s).* on[a-z]+=\".*"), "no inline event handlers (the policy would block them)");
    }

    @Test
    void theScriptWritesDataAsTextOnly() {
        String script = inline("script");
        for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "setAttribute('on", "localStorage", "sessionStorage")) {
            assertFalse(script.contains(sink), "the script must not use " + sink);
        }
        assertTrue(script.contains("'x-functions-key': key"), "the key travels in the header");
        assertTrue(script.contains("textContent"));
    }

    private String inline(String tag) {
        Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(page.body());
        assertTrue(m.find(), "no inline " + tag);
        return m.group(1);
    }

    private static String directive(String csp, String name) {
        for (String part : csp.split(";")) {
            String trimmed = part.strip();
            if (trimmed.startsWith(name + " ")) {
                return trimmed.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + csp);
    }

    private static String sha256(String text) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
