package io.grain.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** What the results were measured on. */
final class Machine {
    private Machine() {
    }

    static String cpu() {
        try {
            return Files.readAllLines(Paths.get("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (final IOException ex) {
            return System.getProperty("os.arch");
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim();
        } catch (final IOException ex) {
            return "n/a";
        }
    }

    static String memory() {
        try {
            return Files.readAllLines(Paths.get("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (final IOException ex) {
            return "n/a";
        }
    }
}
