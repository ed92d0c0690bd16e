package io.grain.sample.hosts;

/**
 * Where a {@link HostProbe} activation lives: the hosting member's id, that member's incarnation
 * when the activation started, and the activation's serial number on that member process.
 */
public record ProbeAnswer(int member, long incarnation, long activation) {
}
