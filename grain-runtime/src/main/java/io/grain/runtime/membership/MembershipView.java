package io.grain.runtime.membership;

import java.util.Arrays;

/**
 * An immutable view of the live members: their ids in ascending order and a version that grows
 * with every change. Safe to share between threads.
 */
public final class MembershipView {
    public static final MembershipView EMPTY = new MembershipView(0, new int[0]);

    private final long version;
    private final int[] members;

    public MembershipView(final long version, final int[] members) {
        this.version = version;
        this.members = members.clone();
        Arrays.sort(this.members);
    }

    public long version() {
        return version;
    }

    public int size() {
        return members.length;
    }

    /** The {@code i}th live member id, ascending. */
    public int member(final int i) {
        return members[i];
    }

    public boolean contains(final int memberId) {
        return Arrays.binarySearch(members, memberId) >= 0;
    }

    public MembershipView with(final int memberId) {
        if (contains(memberId)) {
            return this;
        }
        final int[] next = Arrays.copyOf(members, members.length + 1);
        next[members.length] = memberId;
        return new MembershipView(version + 1, next);
    }

    public MembershipView without(final int memberId) {
        if (!contains(memberId)) {
            return this;
        }
        final int[] next = new int[members.length - 1];
        int j = 0;
        for (final int m : members) {
            if (m != memberId) {
                next[j++] = m;
            }
        }
        return new MembershipView(version + 1, next);
    }

    @Override
    public String toString() {
        return "v" + version + Arrays.toString(members);
    }
}
