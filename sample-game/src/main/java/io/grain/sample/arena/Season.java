package io.grain.sample.arena;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The leaderboard's weekly seasons: a season starts on a Monday at 00:00 UTC and lasts seven days.
 * A season is named by the ISO date of its Monday ("2026-11-30"). Pure functions, any thread.
 */
public final class Season {
    /** How long a season lasts: the period of the leaderboard's {@code season} reminder. */
    public static final Duration LENGTH = Duration.ofDays(7);

    private Season() {
    }

    /** The Monday the season holding {@code instant} started on. */
    public static LocalDate startOf(final Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The first season boundary strictly after {@code instant}. */
    public static Instant nextBoundary(final Instant instant) {
        return startOf(instant).plusDays(LENGTH.toDays()).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The name of the season before the one holding {@code instant}: the season a boundary tick at {@code instant} ends. */
    public static String endedAt(final Instant instant) {
        return startOf(instant).minusDays(LENGTH.toDays()).toString();
    }
}
