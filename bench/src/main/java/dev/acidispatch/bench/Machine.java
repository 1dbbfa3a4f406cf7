package dev.acidispatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** One line describing where the figures were measured. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String memory = memTotal().map(kb -> String.format("%.1f GB RAM", kb / 1024.0 / 1024.0)).orElse("RAM unknown");
        return Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + memory + ", "
                + cpuModel().orElse("CPU model unknown") + ", Java " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / 1024 / 1024 + " MB";
    }

    private static Optional<Long> memTotal() {
        return procLine("/proc/meminfo", "MemTotal:").map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")));
    }

    private static Optional<String> cpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(l -> l.substring(l.indexOf(':') + 1).trim());
    }

    private static Optional<String> procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
