package dev.acidispatch.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints sections as Markdown tables (aligned, so they read well in a terminal and paste into docs/benchmarks.md),
 * then a summary of targets met and missed. A missed target is reported, never thrown: benchmarks do not fail builds.
 */
final class Report {
    private final PrintStream out;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    Report(PrintStream out) {
        this.out = out;
    }

    void section(String title) {
        flush();
        out.println();
        out.println("### " + title);
        out.println();
    }

    void row(Object... cells) {
        rows.add(Arrays.stream(cells).map(String::valueOf).toArray(String[]::new));
    }

    void note(String text) {
        notes.add(text);
    }

    void target(String name, boolean met, String measured) {
        String line = (met ? "met    " : "MISSED ") + name + ": " + measured;
        targets.add(line);
        notes.add("Target " + line);
    }

    void flush() {
        if (!rows.isEmpty()) {
            int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
            int[] width = new int[columns];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            printRow(rows.get(0), width);
            StringBuilder rule = new StringBuilder("|");
            for (int w : width) {
                rule.append(" ").append("-".repeat(w)).append(" |");
            }
            out.println(rule);
            rows.subList(1, rows.size()).forEach(r -> printRow(r, width));
            rows.clear();
        }
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(n -> out.println("- " + n));
            notes.clear();
        }
        out.flush();
    }

    void summary() {
        flush();
        out.println();
        out.println("### Targets");
        out.println();
        targets.forEach(t -> out.println("- " + t));
        out.flush();
    }

    private void printRow(String[] cells, int[] width) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < width.length; i++) {
            String cell = i < cells.length ? cells[i] : "";
            line.append(" ").append(i == 0 ? pad(cell, width[i]) : padLeft(cell, width[i])).append(" |");
        }
        out.println(line);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }
}
