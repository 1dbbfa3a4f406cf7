package dev.acidispatch.cli;

import picocli.CommandLine;

import dev.acidispatch.config.Settings;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/** Output plumbing shared by the commands: picocli's writers, so tests can capture them. */
abstract class CliCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    InputStream in() {
        return System.in;
    }

    /** Settings from the root command's environment (the process environment outside tests). */
    Settings settings() {
        return Settings.from(environment());
    }

    Map<String, String> environment() {
        return ((Dispatchctl) spec.root().userObject()).environment();
    }
}
