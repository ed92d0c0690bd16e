package io.grain.sample.bots;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the bot swarm measured: calls and their latency, failures, matches. Bots on any thread
 * record; one reporter thread takes {@link #interval()} snapshots. Thread safe.
 */
public final class SwarmStats {
    /** Longest latency tracked exactly; longer calls are clamped (they would have timed out). */
    private static final long MAX_TRACKED_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Recorder latency = new Recorder(MAX_TRACKED_NANOS, 3);
    private final Histogram total = new Histogram(MAX_TRACKED_NANOS, 3);
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder matchesFinished = new LongAdder();
    private final Set<Long> lostMatches = ConcurrentHashMap.newKeySet();
    private final Set<String> profilesWentBack = ConcurrentHashMap.newKeySet();

    private final AtomicInteger botsOnline = new AtomicInteger();
    private final LongAdder pushes = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final ConcurrentHashMap<String, Long> disconnectReasons = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> failureReasons = new ConcurrentHashMap<>();
    private static final int MAX_REASONS = 8;
    private final LongAdder connectFailures = new LongAdder();
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    private final Set<String> reconnected = ConcurrentHashMap.newKeySet();
    private final Set<String> carriedOn = ConcurrentHashMap.newKeySet();

    /** One second's numbers, or the whole run's. */
    public record Snapshot(long calls, long failures, long p50Micros, long p99Micros, long maxMicros) {
    }

    void callSucceeded(final long nanos) {
        calls.increment();
        latency.recordValue(Math.min(nanos, MAX_TRACKED_NANOS));
    }

    /** A call failed, for {@code why} (the gateway's error code, or what became of the connection). */
    void callFailed(final String why) {
        calls.increment();
        failures.increment();
        if (failureReasons.size() < MAX_REASONS || failureReasons.containsKey(why)) {
            failureReasons.merge(why, 1L, Long::sum);
        }
    }

    /** Why calls failed, with how often (the first {@value #MAX_REASONS} kinds of reason). */
    public Map<String, Long> failureReasons() {
        return new TreeMap<>(failureReasons);
    }

    void matchFinished() {
        matchesFinished.increment();
    }

    /** A bot found its match gone with a crashed member; every bot of that match reports it, counted once. */
    void matchLost(final long matchId) {
        lostMatches.add(matchId);
    }

    /** A bot read a profile older than one it had read before: its player lost acknowledged data. */
    void profileWentBack(final String player) {
        profilesWentBack.add(player);
    }

    /** Players a bot saw go back to an older profile during the run. */
    public Set<String> profilesWentBack() {
        return Set.copyOf(profilesWentBack);
    }

    void pushReceived() {
        pushes.increment();
    }

    /** A bot's gateway connection went away under it, for {@code why}. */
    void disconnected(final String why) {
        disconnects.increment();
        if (disconnectReasons.size() < MAX_REASONS || disconnectReasons.containsKey(why)) {
            disconnectReasons.merge(why, 1L, Long::sum);
        }
    }

    /** Why connections went away, with how often (the first {@value #MAX_REASONS} kinds of reason). */
    public Map<String, Long> disconnectReasons() {
        return new TreeMap<>(disconnectReasons);
    }

    void connectFailed() {
        connectFailures.increment();
    }

    /** A bot's first connection was welcomed. */
    void connected(final String bot) {
        connected.add(bot);
    }

    /** Bots that have been connected to a gateway (and welcomed) at least once. */
    public int botsConnected() {
        return connected.size();
    }

    /** A bot whose connection went away is connected again (to another gateway, or the same one back). */
    void reconnected(final String bot) {
        reconnected.add(bot);
    }

    /** A reconnected bot had a call answered on its new connection. */
    void carriedOn(final String bot) {
        carriedOn.add(bot);
    }

    /** Pushes the bots received. */
    public long pushes() {
        return pushes.sum();
    }

    /** Connections lost under the bots. */
    public long disconnects() {
        return disconnects.sum();
    }

    /** Bots that lost their connection and connected again. */
    public Set<String> reconnected() {
        return Set.copyOf(reconnected);
    }

    /** Reconnected bots that played on: a call of theirs was answered after they reconnected. */
    public Set<String> carriedOn() {
        return Set.copyOf(carriedOn);
    }

    void botOnline() {
        botsOnline.incrementAndGet();
    }

    void botOffline() {
        botsOnline.decrementAndGet();
    }

    public int botsOnline() {
        return botsOnline.get();
    }

    public long matchesFinished() {
        return matchesFinished.sum();
    }

    /** Matches lost with a crashed member. */
    public long matchesLost() {
        return lostMatches.size();
    }

    public long calls() {
        return calls.sum();
    }

    public long failures() {
        return failures.sum();
    }

    private long lastCalls;
    private long lastFailures;

    /** The latency since the last call of this method; call from one thread only. */
    public synchronized Snapshot interval() {
        final Histogram interval = latency.getIntervalHistogram();
        total.add(interval);
        final long nowCalls = calls.sum();
        final long nowFailures = failures.sum();
        final Snapshot snapshot = new Snapshot(nowCalls - lastCalls, nowFailures - lastFailures,
            micros(interval, 50), micros(interval, 99), interval.getMaxValue() / 1000);
        lastCalls = nowCalls;
        lastFailures = nowFailures;
        return snapshot;
    }

    /** The whole run so far. */
    public synchronized Snapshot total() {
        total.add(latency.getIntervalHistogram());
        return new Snapshot(calls.sum(), failures.sum(), micros(total, 50), micros(total, 99), total.getMaxValue() / 1000);
    }

    private static long micros(final Histogram histogram, final double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000;
    }
}
