package io.grain.sample.arena;

import java.util.List;

/**
 * Multiplayer Elo: a ranking of n players counts as every pair's result (the better placed one
 * won), and each player's change is the sum of its pairwise changes scaled by 1/(n-1), so a match
 * moves the same amount of rating whatever its size. Changes are rounded so they sum to zero.
 */
public final class Elo {
    /** Rating of a new player. */
    public static final int INITIAL_RATING = 1000;
    /** Most one match may move a rating. */
    static final double K = 32;

    private Elo() {
    }

    /** The chance that a player rated {@code rating} beats one rated {@code opponent}. */
    static double expected(final int rating, final int opponent) {
        return 1.0 / (1.0 + Math.pow(10, (opponent - rating) / 400.0));
    }

    /**
     * Rating changes for the players of {@code ratingsByPlacement}, winner first.
     */
    public static int[] deltas(final List<Integer> ratingsByPlacement) {
        final int n = ratingsByPlacement.size();
        final int[] deltas = new int[n];
        if (n < 2) {
            return deltas;
        }
        final double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    final double score = i < j ? 1.0 : 0.0;
                    exact[i] += K / (n - 1) * (score - expected(ratingsByPlacement.get(i), ratingsByPlacement.get(j)));
                }
            }
        }
        int sum = 0;
        for (int i = 0; i < n; i++) {
            deltas[i] = (int)Math.round(exact[i]);
            sum += deltas[i];
        }
        // rounding may leave a point or two over: take it from the last placed, so rating is conserved
        deltas[n - 1] -= sum;
        return deltas;
    }
}
