package io.grain.sample.arena;

/**
 * One member's load, as its {@link MemberStatus} grain reads it.
 *
 * @param member      the member's id.
 * @param activations grains active on it.
 * @param calls       calls its grains took since it started.
 * @param connections game clients connected to its gateway.
 * @param pushes      pushes its gateway wrote to clients since it started.
 * @param callsPerSecond calls its grains served per second since the previous summary, from its {@code grain.calls} timers.
 * @param p50Millis   median latency of those calls (the upper bound of its histogram bucket), 0 without calls.
 * @param p99Millis   99th percentile latency of those calls, likewise.
 * @param gateway     its gateway's web page, as the member published it in its member state (key
 *                    {@code gateway}, spread by the membership); empty when it has none, or before it spread.
 */
public record MemberLoad(int member, long activations, long calls, long connections, long pushes,
                         double callsPerSecond, double p50Millis, double p99Millis, String gateway) {
}
