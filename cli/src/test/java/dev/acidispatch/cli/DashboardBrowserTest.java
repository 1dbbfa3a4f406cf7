package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.QueueNames;
import dev.acidispatch.store.StorageClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by Selenium through chromedriver, against
 * {@code dispatchctl up} in a JVM of its own (Azurite, the emulator in sandbox mode, the app's HTTP functions behind
 * the function key). The page is opened as an operator opens it, {@code /api/ui?code=<key>}; jobs are submitted over
 * HTTP (and one hostile message straight onto the queue) and run as local processes.
 *
 * <p>Screenshots of the main views go to {@code target/ui-screenshots}, or to the folder named by the system property
 * {@code dashboard.screenshots} (the README's are made with {@code -Ddashboard.screenshots=docs/images}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** What a page would set if any of the hostile values ran as code. */
    private static final String PWNED = "window.__pwned";

    private static Path data;
    private static DispatchctlProcess up;
    private static String api;
    private static String key;
    private static String storage;
    private static WebDriver browser;
    private static Path profile;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startUpAndBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser tests need Debian's Chromium and ChromeDriver: apt-get update && apt-get install -y "
                    + "chromium chromium-driver (.ci/run installs them)");
        }
        data = Files.createTempDirectory("dashboard-up");
        up = DispatchctlProcess.start(Map.of(), "up", "--port", String.valueOf(DispatchctlProcess.freePort()),
                "--arm-port", String.valueOf(DispatchctlProcess.freePort()), "--storage-port",
                String.valueOf(DispatchctlProcess.freePortRun()), "--data", data.toString());
        up.awaitLine(l -> l.startsWith("Data: "), START, "up's ready message");
        Map<String, String> exports = new HashMap<>();
        for (String line : up.out()) {
            if (line.startsWith("export ")) {
                String assignment = line.substring("export ".length());
                String value = assignment.substring(assignment.indexOf('=') + 1);
                exports.put(assignment.substring(0, assignment.indexOf('=')),
                        value.startsWith("'") ? value.substring(1, value.length() - 1) : value);
            }
        }
        api = exports.get("ACI_DISPATCH_API").replace("localhost", "127.0.0.1");
        key = exports.get("ACI_DISPATCH_KEY");
        storage = exports.get("AzureWebJobsStorage");

        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags that work on this machine kind (no sandbox as root, no background connections to Google).
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1360,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (up != null) {
            up.terminate();
            up.awaitExit(Duration.ofSeconds(60));
            up.close();
        }
        for (Path dir : new Path[]{data, profile}) {
            if (dir != null) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @BeforeEach
    void openTheDashboard() {
        browser.get(api + "/ui?code=" + key);
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector("#jobs tbody tr")).isEmpty()
                || d.findElement(By.id("list-message")).getText().contains("No jobs"));
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36).substring(4);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("x-functions-key", key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void submit(String message) throws Exception {
        HttpResponse<String> response = send("POST", "/jobs", message);
        assertEquals(202, response.statusCode(), response.body());
    }

    private static String awaitStatus(String jobId, List<String> wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> response = send("GET", "/jobs/" + jobId, null);
            String status = response.statusCode() == 200
                    ? Json.read(response.body(), JsonNode.class).path("status").asText() : "(" + response.statusCode() + ")";
            if (wanted.contains(status)) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(jobId + " did not reach " + wanted + ": " + status + "\n" + up.output());
            }
            Thread.sleep(200);
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    /** Read in one script call: the list is redrawn every few seconds, so element handles go stale. */
    @SuppressWarnings("unchecked")
    private static List<String> listedIds() {
        return (List<String>) script("return Array.from(document.querySelectorAll('#jobs tbody tr'))"
                + ".map(function (r) { return r.dataset.jobId; });");
    }

    @SuppressWarnings("unchecked")
    private static List<String> listedStatuses() {
        return (List<String>) script("return Array.from(document.querySelectorAll('#jobs tbody .c-status'))"
                + ".map(function (c) { return c.textContent; });");
    }

    /** The cells of a row as the user reads them, by class. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> rowOf(String jobId) {
        return (Map<String, String>) script("var r = Array.from(document.querySelectorAll('#jobs tbody tr'))"
                + ".find(function (r) { return r.dataset.jobId === '" + jobId + "'; }); var m = {};"
                + "Array.from(r.cells).forEach(function (c) { m[c.className.split(' ')[0]] = c.textContent; });"
                + "return m;");
    }

    private static void refreshList() {
        browser.findElement(By.id("refresh")).click();
    }

    private static void openJob(String jobId) {
        waiting().until(d -> {
            refreshList();
            return listedIds().contains(jobId);
        });
        // Clicking anywhere on the row opens the job; the row may be redrawn meanwhile, so ask again if it went stale.
        waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#jobs tbody tr[data-job-id='" + jobId + "'] td.c-status")).click();
            return true;
        });
        waiting().until(ExpectedConditions.textToBe(By.id("job-title"), jobId));
    }

    private static String statusShown() {
        return browser.findElement(By.id("job-status")).getText();
    }

    private static void screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("dashboard.screenshots", "target/ui-screenshots"));
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    /** First, on an empty stack: a few jobs as an operator would see them, for the README's screenshots. */
    @Test
    @Order(1)
    void theMainViewsWithJobsInEveryKindOfState() throws Exception {
        submit("{\"jobId\": \"etl-20261130\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"echo loading 2026-11-30; echo 48211 rows written\"]}");
        submit("{\"jobId\": \"report-weekly\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"echo rendering; echo 'missing input: sales.csv' >&2; exit 2\"]}");
        awaitStatus("etl-20261130", List.of("SUCCEEDED"));
        awaitStatus("report-weekly", List.of("FAILED"));
        StorageClients.fromConnectionString(storage).queue(QueueNames.JOBS).send(
                "{\"jobId\": \"resize-images\", \"image\": \"busybox\", \"cpu\": 64}");
        awaitStatus("resize-images", List.of("REJECTED"));
        submit("{\"jobId\": \"etl-20261201\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"echo loading 2026-12-01; i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo batch $i of 600: 500 rows; "
                + "sleep 1; done\"]}");
        awaitStatus("etl-20261201", List.of("RUNNING"));

        waiting().until(d -> {
            refreshList();
            return listedIds().equals(List.of("etl-20261201", "resize-images", "report-weekly", "etl-20261130"));
        });
        screenshot("dashboard-jobs");

        openJob("etl-20261201");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "batch 3 of 600"));
        screenshot("dashboard-job");

        assertEquals(202, send("POST", "/jobs/etl-20261201/cancel", null).statusCode());
        waiting().until(d -> statusShown().equals("CANCELLED"));
    }

    @Test
    @Order(2)
    void listsJobsNewestFirstAndFiltersThemByStatus() throws Exception {
        String ok = unique("ok");
        String bad = unique("bad");
        submit("{\"jobId\": \"" + bad + "\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", \"exit 3\"]}");
        awaitStatus(bad, List.of("FAILED"));
        submit("{\"jobId\": \"" + ok + "\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", \"echo fine\"]}");
        awaitStatus(ok, List.of("SUCCEEDED"));

        waiting().until(d -> {
            refreshList();
            return listedIds().containsAll(List.of(ok, bad));
        });
        List<String> ids = listedIds();
        assertTrue(ids.indexOf(ok) < ids.indexOf(bad), "newest first: " + ids);
        browser.findElement(By.id("auto-refresh")).click();
        Map<String, String> failedRow = rowOf(bad);
        assertEquals("FAILED", failedRow.get("c-status"));
        assertEquals("3", failedRow.get("c-exit"));
        assertEquals("1", failedRow.get("c-attempt"));
        assertTrue(failedRow.get("c-reason").contains("exited with code 3"), failedRow.toString());
        browser.findElement(By.id("auto-refresh")).click();

        browser.findElement(By.cssSelector("#filter-status input[value='FAILED']")).click();
        waiting().until(d -> !listedIds().contains(ok) && listedIds().contains(bad));
        assertTrue(listedStatuses().stream().allMatch("FAILED"::equals), "only FAILED jobs: " + listedStatuses());
        browser.findElement(By.cssSelector("#filter-status input[value='FAILED']")).click();
        waiting().until(d -> listedIds().contains(ok));
    }

    @Test
    @Order(3)
    void aJobShowsItsTimelineReasonAndCapturedLogs() throws Exception {
        String id = unique("detail");
        submit("{\"jobId\": \"" + id + "\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"echo preparing; echo done: 42 rows; exit 0\"], \"env\": {\"STAGE\": \"test\"}}");
        awaitStatus(id, List.of("SUCCEEDED"));

        openJob(id);

        waiting().until(d -> statusShown().equals("SUCCEEDED"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "done: 42 rows"));
        List<String> timeline = browser.findElements(By.cssSelector("#timeline li .badge")).stream()
                .map(WebElement::getText).toList();
        assertEquals("QUEUED", timeline.get(0), timeline.toString());
        assertEquals("SUCCEEDED", timeline.get(timeline.size() - 1), timeline.toString());
        assertTrue(timeline.containsAll(List.of("DISPATCHING", "RUNNING")), timeline.toString());
        assertTrue(browser.findElement(By.id("job-reason")).getText().contains("exited with code 0"),
                browser.findElement(By.id("job-reason")).getText());
        assertTrue(browser.findElement(By.id("job-fields")).getText().contains("busybox"));
        assertFalse(browser.findElement(By.id("cancel")).isDisplayed(), "a finished job has no cancel button");

        browser.findElement(By.id("back")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("jobs-view")));
    }

    @Test
    @Order(3)
    void followsTheLogsOfARunningJobAsTheyGrow() throws Exception {
        String id = unique("follow");
        submit("{\"jobId\": \"" + id + "\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"i=0; while [ $i -lt 60 ]; do echo tick $i; i=$((i+1)); sleep 0.2; done\"]}");
        awaitStatus(id, List.of("RUNNING"));

        openJob(id);

        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "tick 1"));
        assertEquals("RUNNING", statusShown());
        String early = browser.findElement(By.id("logs")).getText();
        assertFalse(early.contains("tick 59"), "caught while still running: " + early);
        // No reload: the page follows the live tail, then shows the captured log once the job ends.
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "tick 59"));
        waiting().until(d -> statusShown().equals("SUCCEEDED"));
        // The status and the log are refreshed by separate polls: the log's state can follow the status a moment later.
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs-state"), "captured"));
    }

    @Test
    @Order(3)
    void cancelsARunningJobOnlyAfterConfirmation() throws Exception {
        String id = unique("cancel");
        submit("{\"jobId\": \"" + id + "\", \"image\": \"busybox\", \"command\": [\"sh\", \"-c\", "
                + "\"echo working; sleep 600." + ThreadLocalRandom.current().nextInt(1000, 9999) + "\"]}");
        awaitStatus(id, List.of("RUNNING"));
        openJob(id);
        waiting().until(d -> statusShown().equals("RUNNING"));

        browser.findElement(By.id("cancel")).click();
        Alert asked = waiting().until(ExpectedConditions.alertIsPresent());
        assertTrue(asked.getText().contains("Cancel job " + id + "?"), asked.getText());
        asked.dismiss();
        Thread.sleep(1500);
        assertEquals("RUNNING", awaitStatus(id, List.of("RUNNING", "CANCELLED")), "dismissed: nothing happens");

        browser.findElement(By.id("cancel")).click();
        waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-message"), "Cancel requested"));
        waiting().until(d -> statusShown().equals("CANCELLED"));
        assertEquals("CANCELLED", awaitStatus(id, List.of("CANCELLED")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "working"));
        assertFalse(browser.findElement(By.id("cancel")).isDisplayed());
    }

    @Test
    @Order(3)
    void hostileTextInEnvCommandLogsAndReasonsIsShownAsText() throws Exception {
        String id = unique("xss");
        String img = "<img src=x onerror=\\\"" + PWNED + "=1\\\">";
        String scriptTag = "<script>" + PWNED + "=2</script>";
        submit("{\"jobId\": \"" + id + "\", \"image\": \"busybox\", \"env\": {\"EVIL\": \"" + img + "\"}, "
                + "\"command\": [\"sh\", \"-c\", \"echo '" + scriptTag + "'; echo \\\"$EVIL\\\"; "
                + "echo '<b>bold?</b> & &amp;'\"]}");
        awaitStatus(id, List.of("SUCCEEDED"));
        // A message the dispatcher rejects, with markup in a field name: its errors name the field, so the reason is
        // attacker-chosen text. It goes straight onto the queue (the HTTP API refuses it before recording anything).
        String rejected = unique("rejected");
        StorageClients.fromConnectionString(storage).queue(QueueNames.JOBS).send("{\"jobId\": \"" + rejected
                + "\", \"image\": \"busybox\", \"<svg onload=" + PWNED + "=3>\": 1}");
        awaitStatus(rejected, List.of("REJECTED"));

        openJob(id);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "bold?"));
        String logs = browser.findElement(By.id("logs")).getText();
        assertTrue(logs.contains(scriptTag), logs);
        assertTrue(logs.contains("<img src=x onerror=\"" + PWNED + "=1\">"), logs);
        assertTrue(logs.contains("<b>bold?</b> & &amp;"), logs);
        assertTrue(browser.findElements(By.cssSelector("#logs *")).isEmpty(), "the log is one text node");

        browser.findElement(By.id("back")).click();
        openJob(rejected);
        waiting().until(d -> statusShown().equals("REJECTED"));
        String reason = browser.findElement(By.id("job-reason")).getText();
        assertTrue(reason.contains("<svg onload=" + PWNED + "=3>"), reason);
        assertTrue(browser.findElement(By.id("job-errors")).getText().contains("<svg onload="),
                browser.findElement(By.id("job-errors")).getText());
        browser.findElement(By.id("back")).click();
        waiting().until(d -> {
            refreshList();
            return listedIds().contains(rejected);
        });

        assertTrue(browser.findElements(By.cssSelector("img, svg, b, script:not(:first-of-type)")).isEmpty(),
                "no element came from job data");
        assertNull(script("return " + PWNED + ";"), "no job data ran as code");
        assertEquals(1L, script("return document.scripts.length;"), "only the page's own script");
    }
}
