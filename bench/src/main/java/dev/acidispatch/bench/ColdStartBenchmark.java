package dev.acidispatch.bench;

import dev.acidispatch.config.Settings;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.testing.PipelineHarness;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Section 4: a fresh JVM on the packaged app's class path, from process start to one job dispatched and its first
 * state check done, against the emulator running in this process (already warm, answering locally).
 */
final class ColdStartBenchmark {
    static final int RUNS = 5;

    record Run(long totalMillis, Map<String, Long> phases) {
    }

    record Figures(List<Run> runs, List<Run> cdsRuns, String classpath) {
        Run median() {
            return median(runs);
        }

        static Run median(List<Run> runs) {
            List<Run> sorted = new ArrayList<>(runs);
            sorted.sort((a, b) -> Long.compare(a.totalMillis(), b.totalMillis()));
            return sorted.get(sorted.size() / 2);
        }
    }

    static Figures run(Path appDir, Path workDir) throws Exception {
        if (!Files.isDirectory(appDir.resolve("lib"))) {
            throw new IllegalStateException("No packaged app at " + appDir + ": run `mvn package -DskipTests` first");
        }
        Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
        String classpath = appDir.resolve("*") + File.pathSeparator + appDir.resolve("lib").resolve("*")
                + File.pathSeparator + testClasses;
        try (ArmEmulator emulator = ArmEmulator.builder().defaultScript(ContainerScript.builder()
                .provisioningDelay(Duration.ofSeconds(30)).runDuration(Duration.ofMinutes(5)).build()).start()) {
            // One unmeasured run first: it fills the OS page cache with lib/, as a warm Functions worker host has it.
            // It also records an application class-data-sharing archive (a JVM option, no code change) for comparison.
            Path archive = workDir.resolve("cold-start.jsa");
            Files.deleteIfExists(archive);
            launch(classpath, emulator, "cds-dump", List.of("-XX:ArchiveClassesAtExit=" + archive));
            List<Run> runs = new ArrayList<>();
            List<Run> cdsRuns = new ArrayList<>();
            // Alternated, so load from other processes on a shared machine hits both variants alike.
            for (int i = 1; i <= RUNS; i++) {
                runs.add(launch(classpath, emulator, "cold-" + i, List.of()));
                cdsRuns.add(launch(classpath, emulator, "cds-" + i, List.of("-XX:SharedArchiveFile=" + archive)));
            }
            if (emulator.requestLog().count(Route.DEPLOYMENT_PUT) != 2L * RUNS + 1) {
                throw new IllegalStateException("expected one deployment per run, saw "
                        + emulator.requestLog().count(Route.DEPLOYMENT_PUT));
            }
            return new Figures(runs, cdsRuns,
                    "target/azure-functions/aci-dispatch-app/*:lib/*:target/test-classes (probe only)");
        }
    }

    private static Run launch(String classpath, ArmEmulator emulator, String jobId, List<String> jvmOptions)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(DispatchOverheadBenchmark.javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xshare:auto", "-cp", classpath, ColdStartProbe.class.getName(),
                PipelineHarness.message(jobId)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("DISPATCH_") || k.startsWith("AzureWebJobs"));
        env.put(Settings.Names.ARM_ENDPOINT, emulator.endpoint().toString());
        env.put(Settings.Names.SUBSCRIPTION_ID, emulator.subscriptionId());
        env.put(Settings.Names.DEFAULT_RESOURCE_GROUP, PipelineHarness.RESOURCE_GROUP);
        long t0 = System.nanoTime();
        Process process = builder.start();
        String ready = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("READY ")) {
                    ready = line;
                    break;
                }
                output.add(line);
            }
        }
        long total = (System.nanoTime() - t0) / 1_000_000;
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (ready == null) {
            throw new IllegalStateException("cold-start probe failed:\n" + String.join("\n", output));
        }
        Map<String, Long> phases = new HashMap<>();
        Arrays.stream(ready.substring("READY ".length()).split(" ")).map(kv -> kv.split("="))
                .forEach(kv -> phases.put(kv[0], Long.parseLong(kv[1])));
        return new Run(total, phases);
    }

    static void print(Report report, Figures f) {
        report.section("4. Cold start: fresh JVM to first job dispatched and first state check done (emulator)");
        report.row("run", "total", "JVM to main", "settings + composition", "dispatch (validate..deploy)",
                "first CheckGroup", "classes loaded");
        int i = 1;
        for (Run r : f.runs()) {
            addRow(report, String.valueOf(i++), r);
        }
        i = 1;
        for (Run r : f.cdsRuns()) {
            addRow(report, "AppCDS " + i++, r);
        }
        Run median = f.median();
        Run cdsMedian = Figures.median(f.cdsRuns());
        report.note("Class path: " + f.classpath() + "; the probe (dev.acidispatch.bench.ColdStartProbe) builds "
                + "LocalStack from environment settings with AzureContainerGroups.fromSettings, in-memory stores; "
                + "total = process launch to the READY line, measured by the parent. Median of " + RUNS
                + " runs after one unmeasured run; plain and AppCDS runs alternate.");
        report.note("AppCDS rows: the same with -XX:SharedArchiveFile from one -XX:ArchiveClassesAtExit run; "
                + "median " + cdsMedian.totalMillis() + " ms.");
        report.target("cold start <= 1.5 s (median of " + RUNS + ")", median.totalMillis() <= 1500,
                median.totalMillis() + " ms; with AppCDS " + cdsMedian.totalMillis() + " ms");
    }

    private static void addRow(Report report, String label, Run r) {
        Map<String, Long> p = r.phases();
        report.row(label, r.totalMillis() + " ms", p.get("main") + " ms",
                (p.get("built") - p.get("main")) + " ms", (p.get("dispatched") - p.get("built")) + " ms",
                (p.get("checked") - p.get("dispatched")) + " ms", p.get("classes"));
    }
}
