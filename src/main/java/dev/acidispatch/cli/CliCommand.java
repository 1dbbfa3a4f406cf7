package dev.acidispatch.cli;

import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;

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
}
