package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One dispatchctl invocation as a user makes it: its exit code and what it printed. */
record CliResult(int exitCode, String out, String err) {

    /** Runs dispatchctl with {@code environment} as its settings and {@code stdin} on standard input. */
    static CliResult run(Map<String, String> environment, String stdin, String... args) {
        return run(new Dispatchctl(environment), stdin, args);
    }

    /** Runs the given root command (e.g. one reading a local.settings.json). */
    static CliResult run(Dispatchctl root, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Dispatchctl.commandLine(root);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        InputStream previous = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = cli.execute(args);
            return new CliResult(code, out.toString(), err.toString());
        } finally {
            System.setIn(previous);
        }
    }

    JsonNode json() {
        return Json.read(out, JsonNode.class);
    }
}
