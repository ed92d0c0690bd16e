package io.grain.runtime.membership;

import java.util.Objects;

/**
 * One live member as this member sees it: its id, whether it hosts grains (a member) or only calls
 * them (a client), and the {@link MemberState} it published. Immutable.
 */
public final class ClusterMember {
    private final int id;
    private final boolean hosting;
    private final MemberState state;

    public ClusterMember(final int id, final boolean hosting, final MemberState state) {
        this.id = id;
        this.hosting = hosting;
        this.state = Objects.requireNonNull(state, "state");
    }

    public int id() {
        return id;
    }

    /** True for a member that hosts grains, false for a client. */
    public boolean hosting() {
        return hosting;
    }

    public MemberState state() {
        return state;
    }

    /** The value of {@code key} in its state, or null. */
    public String get(final String key) {
        return state.get(key);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ClusterMember m && m.id == id && m.hosting == hosting && m.state.equals(state);
    }

    @Override
    public int hashCode() {
        return id * 31 + state.hashCode();
    }

    @Override
    public String toString() {
        return id + (hosting ? "" : " client") + ' ' + state;
    }
}
