package io.grain.runtime.member;

import org.agrona.concurrent.EpochClock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link java.time.Clock} over an Agrona {@link EpochClock}; as thread safe as the clock. */
public final class EpochClockAdapter extends Clock {
    private final EpochClock clock;
    private final ZoneId zone;

    public EpochClockAdapter(final EpochClock clock) {
        this(clock, ZoneOffset.UTC);
    }

    private EpochClockAdapter(final EpochClock clock, final ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(final ZoneId zone) {
        return new EpochClockAdapter(clock, zone);
    }

    @Override
    public long millis() {
        return clock.time();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(clock.time());
    }
}
