package io.grain.benchmarks.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the time goes: {@code jfr print --events jdk.ExecutionSample} of a recording, reduced to
 * the methods most often on top of the stack (the JDK's own {@code jfr} tool, so no parser of ours).
 */
final class JfrSummary {
    private JfrSummary() {
    }

    /** The {@code limit} most sampled top frames as "share% method", or nothing if the recording is missing. */
    static List<String> topFrames(final Path recording, final int limit) {
        if (!Files.exists(recording)) {
            return List.of();
        }
        final String jfr = new File(System.getProperty("java.home"), "bin/jfr").getPath();
        final Map<String, Integer> counts = new HashMap<>();
        int total = 0;
        try {
            final Process process = new ProcessBuilder(jfr, "print", "--events", "jdk.ExecutionSample", recording.toString())
                .redirectErrorStream(true).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                boolean nextIsTop = false;
                while ((line = in.readLine()) != null) {
                    if (line.contains("stackTrace = [")) {
                        nextIsTop = true;
                    } else if (nextIsTop) {
                        nextIsTop = false;
                        final String frame = line.trim().replaceAll("\\s+line:.*$", "");
                        counts.merge(frame, 1, Integer::sum);
                        total++;
                    }
                }
            }
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (final Exception ex) {
            return List.of("(jfr print failed: " + ex.getMessage() + ")");
        }
        final int all = total;
        final List<String> top = new ArrayList<>();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit)
            .forEach(e -> top.add(String.format(java.util.Locale.ROOT, "%5.1f%%  %s", 100.0 * e.getValue() / all, e.getKey())));
        if (!top.isEmpty()) {
            top.add(String.format(java.util.Locale.ROOT, "(%d samples)", all));
        }
        return top;
    }
}
