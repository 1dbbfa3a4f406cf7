package dev.acidispatch.bench;

import dev.acidispatch.local.LocalStack;
import dev.acidispatch.config.Settings;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.app.App;
import dev.acidispatch.store.InMemoryJobStore;
import dev.acidispatch.template.TemplateCatalog;
import dev.acidispatch.testing.PipelineHarness;
import dev.acidispatch.emulator.VirtualClock;
import dev.acidispatch.watch.PollPolicy;
import dev.acidispatch.watch.WatchPlan;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Section 5: what we deploy (lib/ size, with the JDK HTTP client and, for comparison, Netty) and watcher heap. */
final class FootprintBenchmark {
    static final int ACTIVE_JOBS = 1_000;

    record Lib(long bytes, int jars) {
        String mb() {
            return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
        }
    }

    static Lib measure(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
            long bytes = 0;
            for (Path jar : jars) {
                bytes += Files.size(jar);
            }
            return new Lib(bytes, jars.size());
        }
    }

    /**
     * Packages a throwaway copy of the build in a temp directory (the parent pom, the module poms, the app and emulator
     * modules with the root host.json and src/main) with Netty allowed back into the app module and the JDK HTTP client
     * dropped, builds the app module ({@code -pl app -am}) offline, and measures its lib/. The copy is deleted
     * afterwards.
     */
    static Lib withNetty(Path projectRoot, Path workDir) throws Exception {
        Path copy = Files.createTempDirectory("aci-dispatch-netty-");
        try {
            String pom = Files.readString(projectRoot.resolve("app/pom.xml"));
            String nettyPom = Pattern.compile("\\s*<exclusion><groupId>com\\.azure</groupId><artifactId>azure-core-http-netty"
                    + "</artifactId></exclusion>").matcher(pom).replaceAll("");
            nettyPom = Pattern.compile("\\s*<dependency>\\s*<groupId>com\\.azure</groupId>\\s*<artifactId>"
                    + "azure-core-http-jdk-httpclient</artifactId>\\s*</dependency>").matcher(nettyPom).replaceAll("");
            if (nettyPom.contains("azure-core-http-jdk-httpclient") || nettyPom.contains("azure-core-http-netty")) {
                throw new IllegalStateException("could not rewrite app/pom.xml for the Netty comparison");
            }
            Files.copy(projectRoot.resolve("pom.xml"), copy.resolve("pom.xml"));
            for (String module : List.of("app", "emulator", "cli")) {
                Files.createDirectories(copy.resolve(module));
            }
            Files.writeString(copy.resolve("app/pom.xml"), nettyPom);
            Files.copy(projectRoot.resolve("emulator/pom.xml"), copy.resolve("emulator/pom.xml"));
            // The reactor reads every module's pom even when it builds only the app and what it needs (-pl app -am).
            Files.copy(projectRoot.resolve("cli/pom.xml"), copy.resolve("cli/pom.xml"));
            copyTree(projectRoot.resolve("emulator/src/main"), copy.resolve("emulator/src/main"));
            Files.copy(projectRoot.resolve("host.json"), copy.resolve("host.json"));
            copyTree(projectRoot.resolve("src/main"), copy.resolve("src/main"));
            // The two places that build the JDK client explicitly get Netty's builder instead.
            for (String source : List.of("src/main/java/dev/acidispatch/arm/AzureContainerGroups.java",
                    "src/main/java/dev/acidispatch/store/StorageClients.java")) {
                Path file = copy.resolve(source);
                String text = Files.readString(file)
                        .replace("import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;", "")
                        .replace("new JdkHttpClientBuilder()", "new com.azure.core.http.netty.NettyAsyncHttpClientBuilder()")
                        .replace(".connectionTimeout(", ".connectTimeout(");
                Files.writeString(file, text);
            }
            Files.createDirectories(workDir);
            Path log = workDir.resolve("netty-package.log");
            // Offline first, as the build itself runs; Netty's jars may not be in ~/.m2 yet, so then once online.
            for (List<String> command : List.of(
                    List.of("mvn", "-o", "-q", "-B", "package", "-DskipTests", "-pl", "app", "-am"),
                    List.of("mvn", "-q", "-B", "package", "-DskipTests", "-pl", "app", "-am"))) {
                Process mvn = new ProcessBuilder(command).directory(copy.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (mvn.waitFor(5, TimeUnit.MINUTES) && mvn.exitValue() == 0) {
                    return measure(copy.resolve("target/azure-functions/aci-dispatch-app/lib"));
                }
                mvn.destroyForcibly();
            }
            throw new IllegalStateException("Netty comparison build failed; see " + log);
        } finally {
            deleteTree(copy);
        }
    }

    /**
     * Heap held by the in-process runner for {@value #ACTIVE_JOBS} active watchers, each past its first check and
     * waiting on its timer. Job records are created before the baseline, so only the watchers count.
     */
    static long heapBytesPerThousandWatchers() {
        VirtualClock clock = VirtualClock.startingAt("2026-11-23T08:00:00Z");
        Settings settings = Settings.from(Map.of(Settings.Names.SUBSCRIPTION_ID, "00000000-0000-0000-0000-000000000000",
                Settings.Names.DEFAULT_RESOURCE_GROUP, PipelineHarness.RESOURCE_GROUP));
        InMemoryJobStore jobs = new InMemoryJobStore();
        JobValidator validator = App.from(settings).validator();
        List<WatchPlan> plans = new java.util.ArrayList<>();
        for (int i = 0; i < ACTIVE_JOBS; i++) {
            var job = validator.resolve(PipelineHarness.message("heap-" + i));
            jobs.createOrGet(job.queuedRecord(clock.instant()));
            plans.add(WatchPlan.start(job.jobId(), job.resourceGroup(), job.containerGroupName(), job.deploymentName(),
                    TemplateCatalog.DEFAULT_CONTAINER_NAME, false, clock.instant(), job.startTimeout(), job.timeout(),
                    PollPolicy.from(settings)));
        }
        InstantContainerGroups arm = new InstantContainerGroups();
        plans.forEach(p -> arm.beginDeployment(p.resourceGroup(), p.deploymentName(), "{}"));
        try (LocalStack stack = LocalStack.builder(settings).groups(arm).jobs(jobs).clock(clock).build()) {
            long before = usedHeapAfterGc();
            plans.forEach(stack.watchers()::start);
            stack.runner().runUntilIdle();
            long after = usedHeapAfterGc();
            long waiting = plans.stream().map(p -> stack.runner().getState(p.jobId()).orElseThrow())
                    .filter(s -> !s.isTerminal() && s.stats().activitiesExecuted() >= 1).count();
            if (waiting != ACTIVE_JOBS) {
                throw new IllegalStateException("expected " + ACTIVE_JOBS + " watchers waiting, saw " + waiting);
            }
            return (after - before) * 1000 / ACTIVE_JOBS;
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static void print(Report report, Lib jdk, String libDir, Lib netty, long heapPerThousand) {
        report.section("5. Footprint");
        report.row("figure", "value", "how");
        report.row("lib/ with the JDK HTTP client (shipped)", jdk.mb() + ", " + jdk.jars() + " jars",
                "sum of " + libDir + "/*.jar");
        report.row("lib/ with Netty (comparison)", netty == null ? "not built" : netty.mb() + ", " + netty.jars() + " jars",
                "throwaway copy of the build: netty exclusions removed from app/pom.xml, "
                        + "azure-core-http-jdk-httpclient dropped, mvn package -pl app -am (offline, else online)");
        report.row("watcher heap per " + ACTIVE_JOBS + " active jobs", String.format("%.1f MB", heapPerThousand / 1024.0 / 1024.0),
                "in-process runner, each watcher after its first check waiting on a timer; used heap after GC");
        report.target("lib/ <= 35 MB", jdk.bytes() <= 35L * 1024 * 1024, jdk.mb() + " (" + jdk.jars() + " jars)");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
