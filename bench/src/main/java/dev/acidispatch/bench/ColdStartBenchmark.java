package dev.acidispatch.bench;

import dev.acidispatch.config.Settings;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.testing.PipelineHarness;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Section 4: a fresh JVM on the staged app's class path (the app jar and lib/, plus the probe's own class and nothing
 * else), from process start to one job dispatched and its first state check done, against the emulator running in
 * this process (already warm, answering locally). With a baseline app (another build's staged app, e.g. an older
 * commit's) the same probe runs on it too, interleaved, so load on a shared machine hits both alike.
 */
final class ColdStartBenchmark {
    static final int RUNS = 5;

    record Run(long totalMillis, Map<String, Long> phases) {
    }

    record Figures(List<Run> runs, List<Run> cdsRuns, List<Run> baselineRuns, String classpath, Path baseline) {
        Run median() {
            return median(runs);
        }

        static Run median(List<Run> runs) {
            List<Run> sorted = new ArrayList<>(runs);
            sorted.sort((a, b) -> Long.compare(a.totalMillis(), b.totalMillis()));
            return sorted.get(sorted.size() / 2);
        }

        /** Median over the interleaved pairs of this app's total divided by the baseline's. */
        double medianRatioToBaseline() {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < baselineRuns.size(); i++) {
                ratios.add((double) runs.get(i).totalMillis() / baselineRuns.get(i).totalMillis());
            }
            ratios.sort(Double::compare);
            return ratios.get(ratios.size() / 2);
        }
    }

    /**
     * @param appDir   the staged app to measure
     * @param baseline another staged app to measure alongside, or null
     */
    static Figures run(Path appDir, Path baseline, Path workDir) throws Exception {
        requireStagedApp(appDir, "--app");
        if (baseline != null) {
            requireStagedApp(baseline, "--baseline-app");
        }
        Path probe = probeClasses(workDir.resolve("cold-start-probe"));
        String classpath = classpath(appDir, probe);
        try (ArmEmulator emulator = ArmEmulator.builder().defaultScript(ContainerScript.builder()
                .provisioningDelay(Duration.ofSeconds(30)).runDuration(Duration.ofMinutes(5)).build()).start()) {
            // One unmeasured run first: it fills the OS page cache with lib/, as a warm Functions worker host has it.
            // It also records an application class-data-sharing archive (a JVM option, no code change) for comparison.
            Path archive = workDir.resolve("cold-start.jsa");
            Files.deleteIfExists(archive);
            launch(classpath, emulator, "cds-dump", List.of("-XX:ArchiveClassesAtExit=" + archive));
            String baselineClasspath = baseline == null ? null : classpath(baseline, probe);
            if (baseline != null) {
                launch(baselineClasspath, emulator, "baseline-warm", List.of());
            }
            List<Run> runs = new ArrayList<>();
            List<Run> cdsRuns = new ArrayList<>();
            List<Run> baselineRuns = new ArrayList<>();
            // Alternated, so load from other processes on a shared machine hits every variant alike.
            for (int i = 1; i <= RUNS; i++) {
                runs.add(launch(classpath, emulator, "cold-" + i, List.of()));
                cdsRuns.add(launch(classpath, emulator, "cds-" + i, List.of("-XX:SharedArchiveFile=" + archive)));
                if (baseline != null) {
                    baselineRuns.add(launch(baselineClasspath, emulator, "baseline-" + i, List.of()));
                }
            }
            long expected = 2L * RUNS + 1 + (baseline == null ? 0 : RUNS + 1);
            if (emulator.requestLog().count(Route.DEPLOYMENT_PUT) != expected) {
                throw new IllegalStateException("expected one deployment per run, saw "
                        + emulator.requestLog().count(Route.DEPLOYMENT_PUT) + " for " + expected + " runs");
            }
            return new Figures(runs, cdsRuns, baselineRuns, describe(appDir) + "/*:lib/*:" + describe(probe)
                    + " (ColdStartProbe only)", baseline);
        }
    }

    private static void requireStagedApp(Path appDir, String option) {
        if (!Files.isDirectory(appDir.resolve("lib"))) {
            throw new IllegalStateException("No staged Functions app at " + appDir + " (" + option + "): stage one "
                    + "with `mvn -o -q package -DskipTests` at the root of that checkout, which writes "
                    + "target/azure-functions/aci-dispatch-app");
        }
    }

    /** The staged app's jar and lib/, and the probe's classes: nothing of the CLI, the emulator or the tests. */
    private static String classpath(Path appDir, Path probe) {
        return String.join(File.pathSeparator, appDir.resolve("*").toString(),
                appDir.resolve("lib").resolve("*").toString(), probe.toString());
    }

    /** Copies the probe and its nested classes alone into {@code dir}: the child JVM can load nothing else of ours. */
    private static Path probeClasses(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (Class<?> type : ColdStartProbe.class.getNestMembers()) {
            String resource = type.getName().replace('.', '/') + ".class";
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            try (InputStream bytes = ColdStartProbe.class.getClassLoader().getResourceAsStream(resource)) {
                if (bytes == null) {
                    throw new IllegalStateException("cannot read " + resource + " from the bench class path");
                }
                Files.copy(bytes, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static String describe(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
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
                "WatchJob episode + CheckGroup", "classes loaded");
        int i = 1;
        for (Run r : f.runs()) {
            addRow(report, String.valueOf(i++), r);
        }
        i = 1;
        for (Run r : f.cdsRuns()) {
            addRow(report, "AppCDS " + i++, r);
        }
        i = 1;
        for (Run r : f.baselineRuns()) {
            addRow(report, "baseline " + i++, r);
        }
        Run median = f.median();
        Run cdsMedian = Figures.median(f.cdsRuns());
        report.note("Class path: " + f.classpath() + ". The probe (dev.acidispatch.bench.ColdStartProbe) builds App "
                + "from environment settings (ARM through the SDK client to the emulator; job table, admission "
                + "ledger, deferred jobs, logs and result queue in memory) and the Dispatcher the DispatchJob function "
                + "uses, dispatches one message, runs WatchJob's first episode through OrchestrationRunner.loadAndRun "
                + "as the Durable middleware does, and the CheckGroup activity it schedules. Total = process launch to "
                + "the READY line, measured by the parent. Median of " + RUNS + " runs after one unmeasured run; "
                + (f.baselineRuns().isEmpty() ? "plain and AppCDS runs alternate."
                        : "plain, AppCDS and baseline runs alternate."));
        report.note("AppCDS rows: the same with -XX:SharedArchiveFile from one -XX:ArchiveClassesAtExit run; "
                + "median " + cdsMedian.totalMillis() + " ms.");
        if (!f.baselineRuns().isEmpty()) {
            report.note(String.format("Baseline rows: the same probe on %s/*:lib/*, after its own unmeasured run; "
                    + "median %d ms; median of the pairwise ratios (this app / baseline) %.2f.",
                    describe(f.baseline()), Figures.median(f.baselineRuns()).totalMillis(),
                    f.medianRatioToBaseline()));
        }
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
