package io.grain.benchmarks.harness;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The figures of one run as a console table, {@code RESULTS.md} and a chart (throughput and latency side by side). */
final class Report {
    static final String RESULTS = "RESULTS.md";
    static final String CHART = "benchmarks.png";

    private final Settings settings;
    private final Map<String, Double> f;
    private final Map<String, String> failures;
    private final Map<String, Double> scenarioSeconds;
    private final Map<String, List<String>> profiles;
    private final Instant started;
    private final Duration took;
    private final String loadBefore;
    private final String loadAfter;
    private final List<Row> rows = new ArrayList<>();
    private final List<Row> storageRows = new ArrayList<>();
    private final List<Row> gatewayRows = new ArrayList<>();
    /** Smallest latency drawn, for the log axis; written only while the chart is built. */
    private double latencyMin;

    /** One line of the comparison: Grain's figure, its anchor, the ratio, the aim and whether it is met. */
    record Row(String what, String unit, Double grain, String anchorName, Double anchor, boolean higherIsBetter, String aim, Boolean met) {
        Double ratio() {
            return grain == null || anchor == null || anchor == 0 ? null : grain / anchor;
        }
    }

    Report(final Settings settings, final Map<String, Double> figures, final Map<String, String> failures,
           final Map<String, Double> scenarioSeconds, final Map<String, List<String>> profiles, final Instant started,
           final Duration took, final String loadBefore, final String loadAfter) {
        this.settings = settings;
        this.f = figures;
        this.failures = failures;
        this.scenarioSeconds = scenarioSeconds;
        this.profiles = profiles;
        this.started = started;
        this.took = took;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        if (settings.messaging()) {
            buildRows();
        }
        if (settings.storage() != null) {
            buildStorageRows();
        }
        if (settings.gateway() != null) {
            buildGatewayRows();
        }
    }

    /** The gateway scenarios' figures: the gateway side, and the plain Netty WebSocket echo anchor. */
    static boolean isGatewayFigure(final String name) {
        return name.startsWith("gateway.") || name.startsWith("wsecho.");
    }

    private static boolean isGatewayScenario(final String name) {
        return name.startsWith("gateway-");
    }

    private void buildGatewayRows() {
        final Settings.GatewaySettings g = settings.gateway();
        final String n = fmt((double)g.connections());
        final String anchor = "plain Netty WebSocket echo, same client";
        gatewayRows.add(new Row("connection setup, " + n + " WebSocket connections (gateway: + Authenticate/Welcome)", "conn/s",
            f.get("gateway.connectRate"), anchor, f.get("wsecho.connectRate"), true, "reported", null));
        gatewayRows.add(new Row("heap per connection after GC (" + n + " open, gateway: authenticated)", "B",
            f.get("gateway.heapPerConnection"), anchor, f.get("wsecho.heapPerConnection"), false, "reported", null));
        final Double calls = f.get("gateway.calls.rate");
        final Double echo = f.get("wsecho.calls.rate");
        gatewayRows.add(new Row("calls through the gateway, " + n + " connections x " + g.inFlight() + " in flight", "calls/s", calls,
            "echo messages/s, same connections and window", echo, true, ">= 0.5x echo",
            calls == null || echo == null ? null : calls >= 0.5 * echo));
        gatewayRows.add(new Row("pushes through the gateway, bursts of " + g.burst() + " per connection", "pushes/s",
            f.get("gateway.pushes.rate"), "echo messages/s", echo, true, "reported", null));
        gatewayRows.add(new Row("call p50 latency, " + n + " connections", "us", f.get("gateway.calls.p50_us"), "echo p50",
            f.get("wsecho.calls.p50_us"), false, "reported", null));
        gatewayRows.add(new Row("call p99 latency, " + n + " connections", "us", f.get("gateway.calls.p99_us"), "echo p99",
            f.get("wsecho.calls.p99_us"), false, "reported", null));
    }

    /** Errors, timeouts and lost connections of the gateway scenarios; empty when there were none. */
    private String gatewayErrors() {
        final List<String> parts = new ArrayList<>();
        f.forEach((k, v) -> {
            if (isGatewayFigure(k) && v != null && v != 0 && (k.endsWith(".errors") || k.endsWith(".timeouts")
                || k.endsWith(".connectFailures"))) {
                parts.add(k + "=" + fmt(v));
            }
        });
        failures.forEach((k, v) -> {
            if (isGatewayScenario(k)) {
                parts.add(k + " failed: " + v);
            }
        });
        return String.join(", ", parts);
    }

    static final String GATEWAY_BEGIN = "<!-- gateway section: begin (written by Harness --gateway, --quick or --full; a run without it keeps it) -->";
    static final String GATEWAY_END = "<!-- gateway section: end -->";

    /** The gateway section of RESULTS.md, with its own date, machine and load (it may come from another run than the rest). */
    String gatewaySection() {
        final Settings.GatewaySettings g = settings.gateway();
        final StringBuilder b = new StringBuilder();
        b.append(GATEWAY_BEGIN).append("\n\n## Gateway: WebSocket connections, calls and pushes\n\n");
        b.append("From `Harness --").append(settings.mode()).append("`, ").append(started).append(", ").append(Machine.cpu())
            .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(Machine.memory()).append(", ")
            .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
            .append(", load average before / after ").append(loadBefore).append(" / ").append(loadAfter)
            .append(" (other processes share the machine: only the ratios count). ")
            .append("Method and reading: [README.md](README.md#gateway-websocket-connections-calls-and-pushes).\n\n");
        final String errors = gatewayErrors();
        if (!errors.isEmpty()) {
            b.append("**THIS RUN HAD ERRORS; its figures count successes only: ").append(errors).append("**\n\n");
        }
        b.append("| | |\n|---|---|\n");
        b.append("| load | ").append(g.connections()).append(" WebSocket connections on loopback from one load JVM (Netty client, 2 event loops), ")
            .append("binary `gateway.proto` frames, ").append(g.inFlight()).append(" call(s) in flight per connection, ")
            .append(g.warmupMs()).append(" ms warm-up and ").append(g.measureMs()).append(" ms measured per window |\n");
        b.append("| gateway | one `GrainMember` (in-JVM network) with a `GatewayServer`, I/O threads = cores, a trivial authenticator ")
            .append("(token = player id), `ownGrainsOnly`; each connection calls its own `gw_player` grain's `echo(int)`; pushes: ")
            .append("`burst(player, ").append(g.burst()).append(")` pushes as many `Ticks.tick` through `Pushes.observer`, the next ")
            .append("burst once the reply and the pushes have come |\n");
        b.append("| anchor | a plain Netty WebSocket echo server (same I/O threads), the same call frames echoed back |\n\n");
        b.append("Ratio = gateway / anchor (for latency and bytes lower is better).\n\n");
        b.append("| scenario | unit | gateway | anchor | anchor value | ratio | aim | met |\n|---|---|---:|---|---:|---:|---|---|\n");
        for (final Row r : gatewayRows) {
            b.append("| ").append(r.what()).append(" | ").append(r.unit()).append(" | ").append(fmt(r.grain())).append(" | ")
                .append(r.anchorName()).append(" | ").append(fmt(r.anchor())).append(" | ").append(ratio(r)).append(" | ")
                .append(r.aim()).append(" | ").append(met(r)).append(" |\n");
        }
        b.append("\n### Every gateway figure\n\n| figure | value |\n|---|---:|\n");
        f.forEach((k, v) -> {
            if (isGatewayFigure(k)) {
                b.append("| ").append(k).append(" | ").append(fmt(v)).append(" |\n");
            }
        });
        b.append("\nErrors, timeouts, failed connections: ").append(errors.isEmpty() ? "none" : errors).append("\n\n");
        profiles.forEach((name, top) -> {
            if (isGatewayScenario(name)) {
                b.append("**").append(name).append("** (JFR execution samples, top frames)\n\n```\n");
                top.forEach(line -> b.append(line).append('\n'));
                b.append("```\n\n");
            }
        });
        b.append("| scenario | seconds | outcome |\n|---|---:|---|\n");
        final TreeSet<String> names = new TreeSet<>(scenarioSeconds.keySet());
        names.addAll(failures.keySet());
        for (final String name : names) {
            if (isGatewayScenario(name)) {
                b.append("| ").append(name).append(" | ").append(fmt(scenarioSeconds.get(name))).append(" | ")
                    .append(failures.containsKey(name) ? "not run / failed: " + failures.get(name).replace('|', '/') : "ok").append(" |\n");
            }
        }
        b.append('\n').append(GATEWAY_END).append('\n');
        return b.toString();
    }

    /** The storage scenarios' figures start with these (grain side, anchor side). */
    static boolean isStorageFigure(final String name) {
        return name.startsWith("grain.storage.") || name.startsWith("anchor.storage.");
    }

    private static boolean isStorageScenario(final String name) {
        return name.startsWith("storage-") || name.startsWith("stored-");
    }

    private void buildStorageRows() {
        for (final String db : List.of("sqlite", "postgres")) {
            final String label = "sqlite".equals(db) ? "SQLite (WAL, synchronous=FULL)" : "PostgreSQL (synchronous_commit=on)";
            final String g = "grain.storage." + db + ".writes";
            final String a = "anchor.storage." + db + ".writes";
            final Double rate = f.get(g + ".rate");
            final Double anchor = f.get(a + ".rate");
            final String anchorName = "plain JDBC upserts, best of " + threadCounts() + " threads (" + fmt(f.get(a + ".threads")) + ")";
            storageRows.add(new Row("state writes, " + settings.storage().grains() + " grains, " + label, "writes/s", rate, anchorName,
                anchor, true, ">= 1x", rate == null || anchor == null ? null : rate >= anchor));
            storageRows.add(new Row("state write p50 latency, " + db + ", " + settings.storage().inFlight() + " in flight", "us",
                f.get(g + ".p50_us"), "plain JDBC upsert p50, at the best thread count", f.get(a + ".p50_us"), false, "reported", null));
            storageRows.add(new Row("state write p99 latency, " + db + ", " + settings.storage().inFlight() + " in flight", "us",
                f.get(g + ".p99_us"), "plain JDBC upsert p99, at the best thread count", f.get(a + ".p99_us"), false, "reported", null));
            final String fixed = g + ".fixed" + settings.storage().fixedRate();
            final String one = a + ".threads" + settings.storage().anchorThreads().split(",")[0];
            storageRows.add(new Row("state write p50 latency, " + db + ", " + settings.storage().fixedRate() + " writes/s offered", "us",
                f.get(fixed + ".p50_us"), "plain JDBC upsert p50, " + fewestThreads(), f.get(one + ".p50_us"), false, "reported", null));
            storageRows.add(new Row("state write p99 latency, " + db + ", " + settings.storage().fixedRate() + " writes/s offered", "us",
                f.get(fixed + ".p99_us"), "plain JDBC upsert p99, " + fewestThreads(), f.get(one + ".p99_us"), false, "reported", null));
            final String act = "storage." + db + ".activations";
            storageRows.add(new Row("activations loading a stored state, " + fmt((double)settings.storage().stored()) + " grains, " + db,
                "activations/s", f.get("grain." + act + ".withState.rate"), "activations without state, same member",
                f.get("anchor." + act + ".withoutState.rate"), true, "reported", null));
        }
    }

    /** The anchor's first (smallest) thread count, as words: the latency of upserts one after another. */
    private String fewestThreads() {
        final String n = settings.storage().anchorThreads().split(",")[0];
        return n + ("1".equals(n) ? " thread" : " threads");
    }

    private String threadCounts() {
        return settings.storage().anchorThreads().replace(",", "/");
    }

    /** Errors, timeouts and acknowledged-but-missing writes of the storage scenarios; empty when there were none. */
    private String storageErrors() {
        final List<String> parts = new ArrayList<>();
        f.forEach((k, v) -> {
            if (isStorageFigure(k) && v != null && v != 0 && (k.endsWith(".errors") || k.endsWith(".timeouts")
                || k.endsWith(".warmupErrors") || k.endsWith(".acknowledgedNotStored"))) {
                parts.add(k + "=" + fmt(v));
            }
        });
        failures.forEach((k, v) -> {
            if (isStorageScenario(k)) {
                parts.add(k + " failed: " + v);
            }
        });
        return String.join(", ", parts);
    }

    private void buildRows() {
        final Double local = f.get("grain.local.pipelined.rate");
        final Double pekkoLocal = f.get("pekko.local.pipelined.rate");
        rows.add(new Row("local: outside thread -> grain, pipelined", "calls/s", local, "Pekko sharding ask, 1 JVM", pekkoLocal, true,
            ">= 10x Pekko and >= 5M/s", local == null || pekkoLocal == null ? null : local >= 10 * pekkoLocal && local >= 5e6));
        final Double direct = f.get("grain.local.directCallbacks.pipelined.rate");
        rows.add(new Row("local, futures completed on the shard (Runnable::run)", "calls/s", direct, "Pekko sharding ask, 1 JVM",
            pekkoLocal, true, "(ceiling: no callback thread)", null));
        final Double same = f.get("grain.g2g.sameShard.rate");
        rows.add(new Row("grain -> grain, same shard", "calls/s", same, "Proto.Actor in-process (published)", 125e6, true,
            ">= 20M/s", same == null ? null : same >= 20e6));
        rows.add(new Row("grain -> grain, across shards", "calls/s", f.get("grain.g2g.crossShard.rate"), "-", null, true, "-", null));
        final Double remote = f.get("grain.remote.pipelined.rate");
        final Double raw = f.get("aeron.oneway.rate");
        rows.add(new Row("remote, 2 JVMs over Aeron UDP, pipelined", "calls/s", remote, "raw Aeron one-way messages/s", raw, true,
            ">= 0.5x raw Aeron", remote == null || raw == null ? null : remote >= 0.5 * raw));
        final Double tcp = f.get("pekko.remote.tcp.pipelined.rate");
        rows.add(new Row("remote, pipelined", "calls/s", remote, "Pekko 2 JVMs, Artery TCP", tcp, true,
            ">= 10x Pekko Artery", remote == null || tcp == null ? null : remote >= 10 * tcp));
        rows.add(new Row("remote, pipelined", "calls/s", remote, "Pekko 2 JVMs, Artery aeron-udp",
            f.get("pekko.remote.aeronudp.pipelined.rate"), true, "-", null));
        final Double large = f.get("grain.remote.payload" + Harness.LARGE_PAYLOAD + ".pipelined.rate");
        rows.add(new Row("remote, 1 MiB argument per call (chunked), pipelined", "calls/s", large, "small calls, same run",
            remote, true, "-", null));
        rows.add(new Row("remote, pipelined, futures completed on the shard", "calls/s",
            f.get("grain.remote.directCallbacks.pipelined.rate"), "raw Aeron one-way messages/s", raw, true, "(ceiling: no callback thread)", null));
        boolean first = true;
        for (final String rate : settings.rates().split(",")) {
            final String at = " at " + rate + " calls/s";
            final Double p99 = f.get("grain.remote.fixed" + rate + ".p99_us");
            final Double rawP99 = f.get("aeron.pingpong.p99_us");
            rows.add(new Row("remote p99 latency" + at, "us", p99, "raw Aeron ping-pong p99", rawP99, false,
                first ? "<= 3x raw Aeron" : "-", first && p99 != null && rawP99 != null ? p99 <= 3 * rawP99 : null));
            rows.add(new Row("remote p99 latency" + at + ", futures completed on the shard", "us",
                f.get("grain.remote.directCallbacks.fixed" + rate + ".p99_us"), "raw Aeron ping-pong p99", rawP99, false, "(ceiling: no callback thread)", null));
            rows.add(new Row("remote p50 latency" + at, "us", f.get("grain.remote.fixed" + rate + ".p50_us"), "raw Aeron ping-pong p50",
                f.get("aeron.pingpong.p50_us"), false, "-", null));
            rows.add(new Row("remote p99 latency" + at, "us", p99, "Pekko Artery TCP, same offered rate",
                f.get("pekko.remote.tcp.fixed" + rate + ".p99_us"), false, "-", null));
            rows.add(new Row("remote achieved rate" + at, "calls/s", f.get("grain.remote.fixed" + rate + ".rate"),
                "Pekko Artery TCP achieved", f.get("pekko.remote.tcp.fixed" + rate + ".rate"), true, "-", null));
            first = false;
        }
        final Double bytes = f.get("grain.scale.bytesPerActivation");
        rows.add(new Row("heap per idle activation (" + fmt(f.get("grain.scale.activations")) + " grains, after GC)", "B", bytes,
            "Pekko ~300 B per actor (published)", 300.0, false, "<= 200 B", bytes == null ? null : bytes <= 200));
        final Double act = f.get("grain.scale.activationRate");
        rows.add(new Row("activation rate, one member", "activations/s", act, "-", null, true, ">= 500k/s", act == null ? null : act >= 500e3));
        rows.add(new Row("activation rate, futures completed on the shard", "activations/s",
            f.get("grain.scale.activationRate_directCallbacks"), "-", null, true, "(ceiling: no callback thread)", null));
        final Double fanOut = f.get("grain.topic.fanout.deliveries_per_s");
        rows.add(new Row("topic fan-out, " + fmt(f.get("grain.topic.fanout.subscribersOnMember1")) + " of the subscribers on member 1 of 2 "
            + "(one JVM, in-JVM network), batching producer", "deliveries/s", fanOut, "one-way calls from grain code to the same grains, same run",
            f.get("anchor.topic.oneway.deliveries_per_s"), true, "reported", null));
        rows.add(new Row("reminder ticks, one member, " + fmt(f.get("grain.reminders.registered")) + " reminders of 1 s (InMemoryStorage)",
            "ticks/s", f.get("grain.reminders.ticks.rate"), "plain calls to the same grains, pipelined, same run",
            f.get("anchor.reminders.calls.rate"), true, "reported", null));
        for (final String op : List.of("EncodePrimitives", "DecodePrimitives", "EncodeState", "DecodeState")) {
            final Double g = f.get("codec.grain" + op + ".ops_per_us");
            final Double p = f.get("codec.protobuf" + op + ".ops_per_us");
            rows.add(new Row("codec " + op, "ops/us", g, "protobuf-java", p, true, "as fast or faster",
                g == null || p == null ? null : g >= p));
            final Double ga = f.get("codec.grain" + op + ".bytes_per_op");
            final boolean primitives = op.endsWith("Primitives");
            rows.add(new Row("codec " + op + " allocation", "B/op", ga, "protobuf-java", f.get("codec.protobuf" + op + ".bytes_per_op"),
                false, primitives ? "0 B/op" : "-", primitives && ga != null ? ga < 1 : null));
        }
    }

    String table() {
        final StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%-58s %-13s %14s  %-38s %14s %9s  %-26s %s%n", "scenario", "unit", "Grain", "anchor",
            "anchor value", "ratio", "aim", "met"));
        final List<Row> all = new ArrayList<>(rows);
        all.addAll(storageRows);
        all.addAll(gatewayRows);
        for (final Row r : all) {
            b.append(String.format(Locale.ROOT, "%-58s %-13s %14s  %-38s %14s %9s  %-26s %s%n", r.what(), r.unit(), fmt(r.grain()),
                r.anchorName(), fmt(r.anchor()), ratio(r), r.aim(), met(r)));
        }
        if (settings.storage() != null && !storageErrors().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%n!!! ERRORS IN THE STORAGE SCENARIOS: %s%n", storageErrors()));
        }
        if (settings.gateway() != null && !gatewayErrors().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%n!!! ERRORS IN THE GATEWAY SCENARIOS: %s%n", gatewayErrors()));
        }
        b.append(String.format(Locale.ROOT, "%nerrors / timeouts: %s%n", errorsLine()));
        failures.forEach((k, v) -> b.append("NOT RUN / FAILED ").append(k).append(": ").append(v).append('\n'));
        b.append("mode ").append(settings.mode()).append(", took ").append(took.toSeconds()).append(" s\n");
        return b.toString();
    }

    private String errorsLine() {
        final List<String> parts = new ArrayList<>();
        for (final Map.Entry<String, Double> e : f.entrySet()) {
            if (e.getKey().endsWith(".errors") || e.getKey().endsWith(".timeouts")) {
                parts.add(e.getKey() + "=" + fmt(e.getValue()));
            }
        }
        return parts.isEmpty() ? "none reported" : String.join(", ", parts);
    }

    /**
     * Writes {@code RESULTS.md} and the chart. The storage and the gateway sections are each kept
     * from the file it replaces when this run has not got their scenarios; a run without the
     * messaging scenarios (storage-only, gateway-only) replaces only its own section (and leaves
     * the chart, which has neither's figures).
     */
    void write(final Path out) throws IOException {
        Files.createDirectories(out);
        final Path file = out.resolve(RESULTS);
        final String existing = Files.exists(file) ? Files.readString(file) : null;
        String text = settings.messaging() ? markdown() : existing == null ? "# Benchmark results\n" : existing;
        final String storage = settings.storage() != null ? storageSection() : sectionOf(existing, STORAGE_BEGIN, STORAGE_END);
        if (storage != null) {
            text = withSection(text, STORAGE_BEGIN, STORAGE_END, storage);
        }
        final String gateway = settings.gateway() != null ? gatewaySection() : sectionOf(existing, GATEWAY_BEGIN, GATEWAY_END);
        if (gateway != null) {
            text = withSection(text, GATEWAY_BEGIN, GATEWAY_END, gateway);
        }
        Files.writeString(file, text);
        if (settings.messaging()) {
            chart(out.resolve(CHART));
        }
    }

    static final String STORAGE_BEGIN = "<!-- storage section: begin (written by Harness --storage or --full; a run without it keeps it) -->";
    static final String STORAGE_END = "<!-- storage section: end -->";

    private static String sectionOf(final String text, final String beginMarker, final String endMarker) {
        if (text == null) {
            return null;
        }
        final int begin = text.indexOf(beginMarker);
        final int end = text.indexOf(endMarker);
        return begin < 0 || end < begin ? null : text.substring(begin, end + endMarker.length()) + "\n";
    }

    private static String withSection(final String text, final String beginMarker, final String endMarker, final String section) {
        final int begin = text.indexOf(beginMarker);
        final int end = text.indexOf(endMarker);
        if (begin >= 0 && end > begin) {
            return text.substring(0, begin) + section.strip() + text.substring(end + endMarker.length());
        }
        return text.stripTrailing() + "\n\n" + section;
    }

    /** The storage section of RESULTS.md, with its own date and load (it may come from another run than the rest). */
    String storageSection() {
        final Settings.StorageSettings s = settings.storage();
        final StringBuilder b = new StringBuilder();
        b.append(STORAGE_BEGIN).append("\n\n## Storage: state writes and stored activations\n\n");
        b.append("From `Harness --").append(settings.mode()).append("`, ").append(started).append(", load average before / after ")
            .append(loadBefore).append(" / ").append(loadAfter).append(" (other processes may share the machine). ")
            .append("Method and reading: [README.md](README.md#storage-state-writes-and-stored-activations).\n\n");
        final String errors = storageErrors();
        if (!errors.isEmpty()) {
            b.append("**THIS RUN HAD ERRORS; its figures count successes only: ").append(errors).append("**\n\n");
        }
        b.append("| | |\n|---|---|\n");
        b.append("| state writes | ").append(s.grains()).append(" grains on one in-JVM member (1 shard), each call `set` + `write()`, ")
            .append(s.inFlight()).append(" calls in flight, ").append(s.warmupMs()).append(" ms warm-up, ").append(s.measureMs())
            .append(" ms measured, then ").append(s.fixedRate()).append(" writes/s offered for as long (latency from each write's due time); ")
            .append("`JdbcStorage` defaults (one writer, batches up to 512) |\n");
        b.append("| anchor | a fresh database of the same kind, a table shaped like grain_state, one single-row upsert per ")
            .append("transaction from ").append(threadCounts()).append(" threads (a connection each), ").append(s.anchorWarmupMs())
            .append(" ms warm-up and ").append(s.anchorMs()).append(" ms each; the best thread count is the anchor |\n");
        b.append("| stored activations | ").append(s.stored()).append(" states bulk-inserted first; as many activations of a grain ")
            .append("with that state (its first call loads it) against as many of a grain without state, same member, ")
            .append(s.inFlight()).append(" in flight, after ").append(s.warmActivations()).append(" warm-up activations of each |\n\n");
        b.append("Ratio = Grain / anchor (for latency lower is better).\n\n");
        b.append("| scenario | unit | Grain | anchor | anchor value | ratio | aim | met |\n|---|---|---:|---|---:|---:|---|---|\n");
        for (final Row r : storageRows) {
            b.append("| ").append(r.what()).append(" | ").append(r.unit()).append(" | ").append(fmt(r.grain())).append(" | ")
                .append(r.anchorName()).append(" | ").append(fmt(r.anchor())).append(" | ").append(ratio(r)).append(" | ")
                .append(r.aim()).append(" | ").append(met(r)).append(" |\n");
        }
        b.append("\n### Every storage figure\n\n| figure | value |\n|---|---:|\n");
        f.forEach((k, v) -> {
            if (isStorageFigure(k)) {
                b.append("| ").append(k).append(" | ").append(fmt(v)).append(" |\n");
            }
        });
        b.append("\nErrors, timeouts, acknowledged writes missing from the database: ").append(errors.isEmpty() ? "none" : errors)
            .append("\n\n");
        profiles.forEach((name, top) -> {
            if (isStorageScenario(name)) {
                b.append("**").append(name).append("** (JFR execution samples, top frames)\n\n```\n");
                top.forEach(line -> b.append(line).append('\n'));
                b.append("```\n\n");
            }
        });
        b.append("| scenario | seconds | outcome |\n|---|---:|---|\n");
        final TreeSet<String> names = new TreeSet<>(scenarioSeconds.keySet());
        names.addAll(failures.keySet());
        for (final String name : names) {
            if (isStorageScenario(name)) {
                b.append("| ").append(name).append(" | ").append(fmt(scenarioSeconds.get(name))).append(" | ")
                    .append(failures.containsKey(name) ? "not run / failed: " + failures.get(name).replace('|', '/') : "ok").append(" |\n");
            }
        }
        b.append('\n').append(STORAGE_END).append('\n');
        return b.toString();
    }

    private String markdown() {
        final StringBuilder b = new StringBuilder();
        b.append("# Benchmark results\n\n");
        b.append("Written by the harness (`io.grain.benchmarks.harness.Harness --").append(settings.mode())
            .append("`); do not edit by hand. How to run it and how to read it: [README.md](README.md).\n\n");
        b.append("![throughput and latency](").append(CHART).append(")\n\n");
        b.append("## Machine and settings\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| date | ").append(started).append(" |\n");
        b.append("| CPU | ").append(Machine.cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
            .append(" cores available to the JVM |\n");
        b.append("| memory | ").append(Machine.memory()).append(" |\n");
        b.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(" |\n");
        b.append("| JVM | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
            .append(" |\n");
        b.append("| load average before / after | ").append(loadBefore).append(" / ").append(loadAfter)
            .append(" (other processes may share the machine) |\n");
        b.append("| mode | ").append(settings.mode()).append(", run took ").append(took.toSeconds()).append(" s |\n");
        b.append("| every request/response side | ").append(settings.inFlight()).append(" calls in flight over ").append(settings.keys())
            .append(" keys, ").append(settings.warmupMs()).append(" ms warm-up, ").append(settings.measureMs())
            .append(" ms measured, fixed rates ").append(settings.rates()).append(" calls/s for ").append(settings.latencyMs())
            .append(" ms each, call timeout 5 s, payload one int each way |\n");
        b.append("| grain -> grain | ").append(settings.grainToGrainCalls()).append(" calls per run (one untimed run first) |\n");
        b.append("| scale | ").append(settings.scaleCount()).append(" idle grains, -Xmx4g, ParallelGC |\n");
        b.append("| codec | JMH ").append(settings.codecWarmups()).append(" warm-up + ").append(settings.codecIterations())
            .append(" iterations of ").append(settings.codecIterationMs()).append(" ms, ").append(settings.codecForks())
            .append(" fork(s), -prof gc |\n\n");
        b.append("## Grain against its anchors\n\n");
        b.append("Ratio = Grain / anchor (for latency and bytes lower is better).\n\n");
        b.append("| scenario | unit | Grain | anchor | anchor value | ratio | aim | met |\n|---|---|---:|---|---:|---:|---|---|\n");
        for (final Row r : rows) {
            b.append("| ").append(r.what()).append(" | ").append(r.unit()).append(" | ").append(fmt(r.grain())).append(" | ")
                .append(r.anchorName()).append(" | ").append(fmt(r.anchor())).append(" | ").append(ratio(r)).append(" | ")
                .append(r.aim()).append(" | ").append(met(r)).append(" |\n");
        }
        b.append("\n## Short of the aims\n\n");
        boolean any = false;
        for (final Row r : rows) {
            if (Boolean.FALSE.equals(r.met())) {
                any = true;
                b.append("- **").append(r.what()).append("**: ").append(fmt(r.grain())).append(' ').append(r.unit())
                    .append(", aim ").append(r.aim()).append(" (anchor ").append(fmt(r.anchor())).append(").\n");
            }
        }
        if (!any) {
            b.append("None in this run.\n");
        }
        b.append("\nWhy, and the fixes: [README.md](README.md#where-grain-falls-short).\n");
        if (!profiles.isEmpty()) {
            b.append("\n## Where the time goes (JFR execution samples, top frames)\n\n");
            b.append("Recorded with `-XX:StartFlightRecording=settings=profile` during the measured runs, summarised from "
                + "`jfr print --events jdk.ExecutionSample` to the method on top of each sampled stack.\n\n");
            profiles.forEach((name, top) -> {
                if (!isStorageScenario(name) && !isGatewayScenario(name)) {
                    b.append("**").append(name).append("**\n\n```\n");
                    top.forEach(line -> b.append(line).append('\n'));
                    b.append("```\n\n");
                }
            });
        }
        b.append("## Every figure\n\n| figure | value |\n|---|---:|\n");
        f.forEach((k, v) -> {
            if (!isStorageFigure(k) && !isGatewayFigure(k)) {
                b.append("| ").append(k).append(" | ").append(fmt(v)).append(" |\n");
            }
        });
        b.append("\n## Errors and timeouts\n\n").append(errorsLine()).append("\n\n");
        b.append("## Scenarios\n\n| scenario | seconds | outcome |\n|---|---:|---|\n");
        final TreeSet<String> names = new TreeSet<>(scenarioSeconds.keySet());
        names.addAll(failures.keySet());
        for (final String name : names) {
            if (!isStorageScenario(name) && !isGatewayScenario(name)) {
                b.append("| ").append(name).append(" | ").append(fmt(scenarioSeconds.get(name))).append(" | ")
                    .append(failures.containsKey(name) ? "not run / failed: " + failures.get(name).replace('|', '/') : "ok").append(" |\n");
            }
        }
        return b.toString();
    }

    private void chart(final Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final Map<String, Double> throughput = new LinkedHashMap<>();
        putIf(throughput, "Grain local", f.get("grain.local.pipelined.rate"));
        putIf(throughput, "Grain local, direct callbacks", f.get("grain.local.directCallbacks.pipelined.rate"));
        putIf(throughput, "Pekko local", f.get("pekko.local.pipelined.rate"));
        putIf(throughput, "Grain g2g same shard", f.get("grain.g2g.sameShard.rate"));
        putIf(throughput, "Grain g2g cross shard", f.get("grain.g2g.crossShard.rate"));
        putIf(throughput, "Grain remote", f.get("grain.remote.pipelined.rate"));
        putIf(throughput, "Grain remote, direct callbacks", f.get("grain.remote.directCallbacks.pipelined.rate"));
        putIf(throughput, "Pekko remote TCP", f.get("pekko.remote.tcp.pipelined.rate"));
        putIf(throughput, "Pekko remote aeron-udp", f.get("pekko.remote.aeronudp.pipelined.rate"));
        putIf(throughput, "raw Aeron one-way", f.get("aeron.oneway.rate"));
        final CategoryChart left = new CategoryChartBuilder().width(720).height(480)
            .title("Throughput (calls/s, log scale; " + settings.inFlight() + " in flight)").yAxisTitle("calls/s").build();
        left.getStyler().setLegendVisible(false);
        left.getStyler().setYAxisLogarithmic(true);
        left.getStyler().setXAxisLabelRotation(45);
        if (!throughput.isEmpty()) {
            left.addSeries("calls/s", new ArrayList<>(throughput.keySet()), new ArrayList<Number>(throughput.values()));
            left.getStyler().setYAxisMin(decadeBelow(throughput.values().stream().mapToDouble(Double::doubleValue).min().orElse(1)));
        }
        final String rate = settings.rates().split(",")[0];
        final CategoryChart right = new CategoryChartBuilder().width(720).height(480)
            .title("Remote latency at " + rate + " calls/s (us, log scale)").yAxisTitle("microseconds").build();
        right.getStyler().setYAxisLogarithmic(true);
        final List<String> percentiles = List.of("p50", "p99", "p99.9");
        latencyMin = Double.MAX_VALUE;
        latencySeries(right, "Grain over Aeron", "grain.remote.fixed" + rate, percentiles);
        latencySeries(right, "Grain, direct callbacks", "grain.remote.directCallbacks.fixed" + rate, percentiles);
        latencySeries(right, "Pekko Artery TCP", "pekko.remote.tcp.fixed" + rate, percentiles);
        latencySeries(right, "Pekko Artery aeron-udp", "pekko.remote.aeronudp.fixed" + rate, percentiles);
        latencySeries(right, "raw Aeron ping-pong", "aeron.pingpong", percentiles);
        right.getStyler().setYAxisMin(decadeBelow(latencyMin));
        final BufferedImage a = render(left);
        final BufferedImage c = render(right);
        final BufferedImage both = new BufferedImage(a.getWidth() + c.getWidth(), Math.max(a.getHeight(), c.getHeight()), BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = both.createGraphics();
        g.drawImage(a, 0, 0, null);
        g.drawImage(c, a.getWidth(), 0, null);
        g.dispose();
        ImageIO.write(both, "png", file.toFile());
    }

    /** XChart refuses a log axis it cannot place ticks on (e.g. an empty chart); such a chart is drawn linear. */
    private static BufferedImage render(final CategoryChart chart) {
        if (chart.getSeriesMap().isEmpty()) {
            // XChart cannot lay out axes without a series (a run without those figures): leave that half blank
            return new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
        }
        try {
            return BitmapEncoder.getBufferedImage(chart);
        } catch (final IllegalArgumentException ex) {
            chart.getStyler().setYAxisLogarithmic(false);
            return BitmapEncoder.getBufferedImage(chart);
        }
    }

    private void latencySeries(final CategoryChart chart, final String name, final String prefix, final List<String> percentiles) {
        final Double p50 = f.get(prefix + ".p50_us");
        final Double p99 = f.get(prefix + ".p99_us");
        final Double p999 = f.get(prefix + ".p999_us");
        if (p50 != null && p99 != null && p999 != null && p50 > 0) {
            chart.addSeries(name, percentiles, List.of(p50, p99, p999));
            latencyMin = Math.min(latencyMin, p50);
        }
    }

    /** XChart's log axis draws bars only from a positive minimum: the power of ten at or below the smallest value. */
    private static double decadeBelow(final double min) {
        return min <= 0 || min == Double.MAX_VALUE ? 1 : Math.pow(10, Math.floor(Math.log10(min)));
    }

    private static void putIf(final Map<String, Double> map, final String key, final Double value) {
        if (value != null && value > 0) {
            map.put(key, value);
        }
    }

    private static String ratio(final Row r) {
        final Double ratio = r.ratio();
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static String met(final Row r) {
        return r.met() == null ? "-" : r.met() ? "yes" : "**no**";
    }

    static String fmt(final Double v) {
        if (v == null) {
            return "n/a";
        }
        if (v.isNaN()) {
            return "NaN";
        }
        final double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
