package io.grain.membership.postgres;

import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.MemberRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * The membership table of one cluster as read at one moment: its version and every row (the latest
 * incarnation of each member id, ascending by id). Immutable.
 */
final class TableSnapshot {
    /** One member row: its record and the last I-am-alive time the member wrote (its wall clock, ms). */
    record Row(MemberRecord record, long iAmAliveMs) {
    }

    private final long version;
    private final List<Row> rows;
    private final ClusterView view;

    TableSnapshot(final long version, final List<Row> rows) {
        this.version = version;
        this.rows = List.copyOf(rows);
        final List<MemberRecord> records = new ArrayList<>(rows.size());
        for (final Row row : this.rows) {
            records.add(row.record());
        }
        this.view = new ClusterView(records);
    }

    long version() {
        return version;
    }

    List<Row> rows() {
        return rows;
    }

    /** The rows as a view (records ascending by member id, as the rows are read). */
    ClusterView view() {
        return view;
    }

    /** The record of {@code memberId}, or null. */
    MemberRecord record(final int memberId) {
        return view.record(memberId);
    }
}
