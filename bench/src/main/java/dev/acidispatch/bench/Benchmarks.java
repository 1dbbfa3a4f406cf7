package dev.acidispatch.bench;

import dev.acidispatch.testing.Azurite;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Prints what users pay for: ARM calls and durable history per job, dispatch overhead and throughput, cold start,
 * footprint. Run through {@code bin/bench} or {@code mvn -Pbench verify}; it is not a test and asserts no durations:
 * missed targets are printed, and only a broken pipeline (a job that does not succeed) makes it exit non-zero.
 *
 * <p>Arguments: {@code --skip-netty} skips the Netty comparison build (about a minute; {@code --with-netty},
 * the default, keeps it); {@code --app DIR} names the staged Functions app (default
 * target/azure-functions/aci-dispatch-app); {@code --baseline-app DIR} runs the cold-start probe on a second staged
 * app too, interleaved with the first (before/after comparisons); {@code --only
 * arm,dispatch,cold,footprint,cost,limits,list,detection,contention} runs some sections ({@code cost}: sections 6 and
 * 7, the function-side inputs of docs/cost.md; {@code limits}: section 8, a burst under ARM's and ACI's limits;
 * {@code list}: section 9, listing jobs, {@code --list-jobs N} records, not run by default; {@code detection}: section
 * 10, detection delay against ARM reads; {@code contention}: section 11, the admission ledger under concurrent
 * dispatchers). Paths are relative to the repository root. The report is also written to target/bench/benchmarks.md.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        // Maven passes bench.args as one argument: split it like a shell would for simple options.
        List<String> options = Arrays.stream(args).flatMap(a -> Arrays.stream(a.trim().split("\\s+")))
                .filter(a -> !a.isEmpty()).toList();
        Set<String> withValue = Set.of("--app", "--baseline-app", "--only", "--list-jobs");
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            boolean isValue = i > 0 && withValue.contains(options.get(i - 1));
            boolean missingValue = withValue.contains(option) && i == options.size() - 1;
            if (missingValue || (!isValue && !withValue.contains(option)
                    && !Set.of("--skip-netty", "--with-netty").contains(option))) {
                System.err.println((missingValue ? "Option '" + option + "' needs a value" : "Unknown option '"
                        + option + "'") + ". Options: --skip-netty | --with-netty (default), "
                        + "--app DIR (default target/azure-functions/aci-dispatch-app), --baseline-app DIR, "
                        + "--only arm,dispatch,cold,footprint,cost,limits,list,detection,contention (default: all but list), --list-jobs N (default "
                        + JobListBenchmark.JOBS + ")");
                System.exit(64);
            }
        }
        int appIndex = options.indexOf("--app");
        int baselineIndex = options.indexOf("--baseline-app");
        int onlyIndex = options.indexOf("--only");
        int listJobsIndex = options.indexOf("--list-jobs");
        int listJobs = listJobsIndex >= 0 ? Integer.parseInt(options.get(listJobsIndex + 1)) : JobListBenchmark.JOBS;
        Set<String> allSections = Set.of("arm", "dispatch", "cold", "footprint", "cost", "limits", "list",
                "detection", "contention");
        // Listing writes 100,000 records by default (about 9 minutes on Azurite here): only when asked for.
        Set<String> sections = onlyIndex >= 0 ? Set.copyOf(Arrays.asList(options.get(onlyIndex + 1).split(",")))
                : allSections.stream().filter(s -> !s.equals("list")).collect(java.util.stream.Collectors.toSet());
        if (!allSections.containsAll(sections)) {
            System.err.println("--only: unknown section in '" + options.get(onlyIndex + 1)
                    + "'; use a comma-separated subset of arm,dispatch,cold,footprint,cost,limits,list,detection,contention");
            System.exit(64);
        }
        boolean netty = !options.contains("--skip-netty");
        Path appDir = Path.of(appIndex >= 0 ? options.get(appIndex + 1) : "target/azure-functions/aci-dispatch-app")
                .toAbsolutePath();
        Path baselineDir = baselineIndex >= 0 ? Path.of(options.get(baselineIndex + 1)).toAbsolutePath() : null;
        Path projectRoot = Path.of("").toAbsolutePath();
        Path workDir = projectRoot.resolve("target/bench");
        Files.createDirectories(workDir);
        quietLogging();

        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(System.out, copy), true, StandardCharsets.UTF_8);
        Report report = new Report(out);
        out.println("## aci-dispatch benchmarks, " + Instant.now());
        out.println();
        out.println("Machine: " + Machine.describe());
        long started = System.nanoTime();

        if (sections.contains("arm")) {
            progress("1-2/6 ARM calls and history per job (1 min .. 6 h, virtual time)");
            List<ArmCallsBenchmark.JobCost> costs = ArmCallsBenchmark.run();
            ArmCallsBenchmark.print(report, costs);
            report.flush();
        }
        if (sections.contains("dispatch")) {
            progress("3/6 dispatch CPU (in-process), JMH render, 1,000-message burst (Azurite + emulator)");
            DispatchOverheadBenchmark.CpuFigures cpu = DispatchOverheadBenchmark.cpu();
            DispatchOverheadBenchmark.JmhFigures jmh = DispatchOverheadBenchmark.jmh(workDir);
            DispatchOverheadBenchmark.Throughput burst = DispatchOverheadBenchmark.burst();
            DispatchOverheadBenchmark.print(report, cpu, jmh, burst);
            report.flush();
        }
        if (sections.contains("cold")) {
            int runs = ColdStartBenchmark.RUNS;
            progress("4/6 cold start (" + runs + " fresh JVMs, " + runs + " with AppCDS"
                    + (baselineDir == null ? "" : ", " + runs + " on the baseline app") + ", interleaved)");
            ColdStartBenchmark.Figures cold = ColdStartBenchmark.run(appDir, baselineDir, workDir);
            ColdStartBenchmark.print(report, cold);
            report.flush();
        }
        if (sections.contains("footprint")) {
            progress("5/6 footprint" + (netty ? " (with the Netty comparison build)" : ""));
            FootprintBenchmark.Lib lib = FootprintBenchmark.measure(appDir.resolve("lib"));
            FootprintBenchmark.Lib nettyLib = null;
            if (netty) {
                try {
                    nettyLib = FootprintBenchmark.withNetty(projectRoot, workDir);
                } catch (IllegalStateException e) {
                    System.err.println("[bench] " + e.getMessage());
                }
            }
            long heap = FootprintBenchmark.heapBytesPerThousandWatchers();
            Path libDir = appDir.resolve("lib");
            String libShown = libDir.startsWith(projectRoot) ? projectRoot.relativize(libDir).toString()
                    : libDir.toString();
            FootprintBenchmark.print(report, lib, libShown, nettyLib, heap);
        }

        if (sections.contains("cost")) {
            progress("6-7 cost inputs: executions per job (1 min, 60 min, 6 h), a day of PollWork ticks (virtual time)");
            List<CostBenchmark.JobCost> jobs = CostBenchmark.jobs();
            CostBenchmark.Ticks ticks = CostBenchmark.ticks();
            CostBenchmark.print(report, jobs, ticks, 2048);
            report.flush();
        }

        if (sections.contains("limits")) {
            progress("8 1,000-job burst under ARM throttling, ACI quotas and delete limits, twice (virtual time)");
            BurstUnderLimitsBenchmark.Figures lifted = BurstUnderLimitsBenchmark.run(false);
            BurstUnderLimitsBenchmark.print(report, lifted, BurstUnderLimitsBenchmark.run(true));
            report.flush();
        }

        if (sections.contains("list")) {
            progress("9 listing jobs: " + String.format("%,d", listJobs) + " records written to Azurite,"
                    + " then queried through the list API");
            JobListBenchmark.print(report, JobListBenchmark.run(listJobs));
            report.flush();
        }

        if (sections.contains("detection")) {
            progress("10 detection delay vs ARM reads: 1 min, 60 min, 6 h jobs under four caps (virtual time)");
            DetectionDelayBenchmark.print(report, DetectionDelayBenchmark.run());
            report.flush();
        }

        if (sections.contains("contention")) {
            progress("11 admission ledger contention: 16 and 64 concurrent dispatchers admitting 2,000 jobs (Azurite)");
            LedgerContentionBenchmark.print(report, LedgerContentionBenchmark.run());
            report.flush();
        }

        report.summary();
        out.println();
        out.printf("Benchmarks took %.0f s.%n", (System.nanoTime() - started) / 1e9);
        Path written = workDir.resolve("benchmarks.md");
        Files.write(written, copy.toByteArray());
        System.out.println("Report written to " + projectRoot.relativize(written));
        if (sections.contains("arm") || sections.contains("dispatch") || sections.contains("cost")
                || sections.contains("list")) {
            Azurite.shared().stop();
        }
        System.exit(0);
    }

    private static void progress(String what) {
        System.err.println("[bench] " + what + "...");
    }

    /** The SDK and the pipeline log per call at INFO; a benchmark prints its table only. */
    private static void quietLogging() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.SEVERE);
        for (String name : Set.of("com.azure", "dev.acidispatch", "reactor")) {
            Logger.getLogger(name).setLevel(Level.SEVERE);
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        Tee(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) {
            try {
                a.write(c);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            try {
                a.write(buf, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            b.write(buf, off, len);
        }

        @Override
        public void flush() {
            try {
                a.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
