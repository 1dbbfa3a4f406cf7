package dev.acidispatch.bench.jmh;

import dev.acidispatch.app.App;
import dev.acidispatch.config.Settings;
import dev.acidispatch.job.JobValidator;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.template.RenderedDeployment;
import dev.acidispatch.template.TemplateRenderer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Render and validate of a typical job message (env, secure env, command), through the production components.
 * Compiled only with {@code -Pbench} (JMH is not a dependency of the normal build).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RenderBenchmark {
    static final String MESSAGE = """
            {"jobId": "render-bench", "image": "busybox:1.36", "command": ["sh", "-c", "echo hi"],
             "env": {"STAGE": "test"}, "secureEnv": {"DB_PASSWORD": "s3cr3t-value"},
             "tags": {"team": "data"}, "startTimeoutSeconds": 600, "timeoutSeconds": 3600}
            """;

    private JobValidator validator;
    private TemplateRenderer renderer;
    private ResolvedJob job;

    @Setup
    public void setUp() {
        App app = App.from(Settings.from(Map.of(Settings.Names.SUBSCRIPTION_ID, "00000000-0000-0000-0000-000000000000")));
        validator = app.validator();
        renderer = app.renderer();
        job = validator.resolve(MESSAGE);
    }

    @Benchmark
    public RenderedDeployment render() {
        return renderer.render(job);
    }

    @Benchmark
    public ResolvedJob validate() {
        return validator.resolve(MESSAGE);
    }
}
