package io.grain.sample.arena;

/**
 * One member's load, as its {@link MemberStatus} grain reads it.
 *
 * @param member      the member's id.
 * @param activations grains active on it.
 * @param calls       calls its grains took since it started.
 * @param connections game clients connected to its gateway.
 * @param pushes      pushes its gateway wrote to clients since it started.
 */
public record MemberLoad(int member, long activations, long calls, long connections, long pushes) {
}
