package io.grain.transport.aeron.membership;

import io.grain.runtime.membership.MemberState;
import io.grain.runtime.wire.ProtoSizes;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The messages of {@link GossipMembership} (little endian), carried in the body of a control frame:
 * <pre>
 * heartbeat: u8 kind=1, i64 digest of the sender's view, record (the sender's own)
 * gossip:    u8 kind=2, u8 flags (1 = reply wanted), i64 digest, i32 count, record * count
 * record:    i32 member id, i64 incarnation, u8 status, u8 hosting, u16 n, n bytes endpoint, u16 m, m bytes driver key,
 *            state
 * state:     i64 version, u8 count, entry * count (ascending by key)
 * entry:     u8 k, k bytes key, u16 v, v bytes value
 * </pre>
 * Decoding checks every length against the bytes there, and every field before a record is built
 * (member id and incarnation in range, strict UTF-8, an endpoint {@code host:port} with a port in
 * 1..65535, at most the reader's bound of records, a state within {@link MemberState}'s bounds with
 * its keys strictly ascending, and no state in a DEAD or LEFT record), and throws {@link MalformedMessageException}
 * for the first problem, so a message is taken whole or not at all. It never allocates more than
 * the input holds, and its messages never repeat the input's bytes. Stateless.
 */
public final class GossipCodec {
    public static final byte KIND_HEARTBEAT = 1;
    public static final byte KIND_GOSSIP = 2;
    public static final byte FLAG_REPLY_WANTED = 1;
    /** Longest endpoint or driver key, in bytes. */
    public static final int MAX_STRING_LENGTH = 1024;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Bytes of a state with no keys: its version and its count. */
    private static final int EMPTY_STATE_LENGTH = 8 + 1;
    /** Bytes of the largest state: every key, and all the bytes keys and values may take. */
    public static final int MAX_STATE_LENGTH = EMPTY_STATE_LENGTH + MemberState.MAX_KEYS * (1 + 2) + MemberState.MAX_TOTAL_BYTES;
    private static final int MIN_RECORD_LENGTH = 4 + 8 + 1 + 1 + 2 + 2 + EMPTY_STATE_LENGTH;
    /** Bytes of a gossip message before its records. */
    public static final int GOSSIP_HEADER_LENGTH = 14;
    /** Bytes of the largest record: longest endpoint and driver key, largest state. */
    public static final int MAX_RECORD_LENGTH = MIN_RECORD_LENGTH + MemberRecord.MAX_ENDPOINT_LENGTH + MAX_STRING_LENGTH
        + MAX_STATE_LENGTH - EMPTY_STATE_LENGTH;

    private GossipCodec() {
    }

    public static int encodeHeartbeat(final MutableDirectBuffer buffer, final int offset, final long digest,
        final MemberRecord self) {
        buffer.putByte(offset, KIND_HEARTBEAT);
        buffer.putLong(offset + 1, digest, ORDER);
        return 9 + encodeRecord(buffer, offset + 9, self);
    }

    public static int encodeGossip(final MutableDirectBuffer buffer, final int offset, final boolean replyWanted,
        final ClusterView view) {
        buffer.putByte(offset, KIND_GOSSIP);
        buffer.putByte(offset + 1, replyWanted ? FLAG_REPLY_WANTED : 0);
        buffer.putLong(offset + 2, view.digest(), ORDER);
        buffer.putInt(offset + 10, view.records().size(), ORDER);
        int at = offset + 14;
        for (final MemberRecord r : view.records()) {
            at += encodeRecord(buffer, at, r);
        }
        return at - offset;
    }

    /** Bytes {@code r} takes in a message. */
    public static int encodedLength(final MemberRecord r) {
        // the same count as String.getBytes(UTF_8), which putString writes
        return MIN_RECORD_LENGTH + (int)ProtoSizes.utf8Length(r.endpoint()) + (int)ProtoSizes.utf8Length(r.driverKey())
            + 3 * r.state().size() + r.state().totalBytes();
    }

    static int encodeRecord(final MutableDirectBuffer buffer, final int offset, final MemberRecord r) {
        buffer.putInt(offset, r.memberId(), ORDER);
        buffer.putLong(offset + 4, r.incarnation(), ORDER);
        buffer.putByte(offset + 12, (byte)r.status().ordinal());
        buffer.putByte(offset + 13, (byte)(r.hosting() ? 1 : 0));
        int at = offset + 14;
        at += putString(buffer, at, r.endpoint());
        at += putString(buffer, at, r.driverKey());
        buffer.putLong(at, r.state().version(), ORDER);
        at += 8;
        at += encodeStateEntries(buffer, at, r.state());
        return at - offset;
    }

    /** Encodes {@code state}'s count and entries (not its version); returns the bytes written. */
    private static int encodeStateEntries(final MutableDirectBuffer buffer, final int offset, final MemberState state) {
        buffer.putByte(offset, (byte)state.size());
        int at = offset + 1;
        for (final Map.Entry<String, String> e : state.entries().entrySet()) {
            final byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            buffer.putByte(at, (byte)key.length);
            buffer.putBytes(at + 1, key);
            at += 1 + key.length;
            at += putString(buffer, at, e.getValue());
        }
        return at - offset;
    }

    /**
     * {@code state}'s entries (count and entries, without the version) as bytes, for a store that
     * keeps the version apart (the PostgreSQL membership table). Stateless.
     */
    public static byte[] stateEntries(final MemberState state) {
        final byte[] bytes = new byte[1 + 3 * state.size() + state.totalBytes()];
        encodeStateEntries(new UnsafeBuffer(bytes), 0, state);
        return bytes;
    }

    /**
     * The state of {@code version} with the entries of {@code bytes} (as {@link #stateEntries}
     * wrote them), checked as gossip is.
     *
     * @throws MalformedMessageException when the bytes are not entries within the bounds
     */
    public static MemberState stateOf(final long version, final byte[] bytes) {
        final int[] at = {0};
        final MemberState state = decodeState(new UnsafeBuffer(bytes), at, bytes.length, version,
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        if (at[0] != bytes.length) {
            throw new MalformedMessageException("member state has " + (bytes.length - at[0]) + " trailing bytes");
        }
        return state;
    }

    private static int putString(final MutableDirectBuffer buffer, final int offset, final String value) {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_LENGTH) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes exceeds " + MAX_STRING_LENGTH);
        }
        buffer.putShort(offset, (short)bytes.length, ORDER);
        buffer.putBytes(offset + 2, bytes);
        return 2 + bytes.length;
    }

    /** The kind of a message, after checking it has one. */
    public static byte kind(final DirectBuffer buffer, final int offset, final int length) {
        if (length < 1) {
            throw new MalformedMessageException("empty membership message");
        }
        return buffer.getByte(offset);
    }

    /** A decoded message; reused by one reader (not thread safe). */
    public static final class Message {
        byte kind;
        boolean replyWanted;
        long digest;
        final List<MemberRecord> records = new ArrayList<>();
        final int maxRecords;
        /** Rejects malformed input instead of replacing it with U+FFFD, which would change the bytes. */
        final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

        /** A reader that accepts gossip of at most {@code maxRecords} records. */
        public Message(final int maxRecords) {
            this.maxRecords = maxRecords;
        }

        public Message() {
            this(Integer.MAX_VALUE);
        }

        public byte kind() {
            return kind;
        }

        public boolean replyWanted() {
            return replyWanted;
        }

        public long digest() {
            return digest;
        }

        public List<MemberRecord> records() {
            return records;
        }
    }

    /** Decodes a heartbeat or gossip into {@code into}. */
    public static void decode(final DirectBuffer buffer, final int offset, final int length, final Message into) {
        into.records.clear();
        into.replyWanted = false;
        final int end = offset + length;
        into.kind = kind(buffer, offset, length);
        if (into.kind == KIND_HEARTBEAT) {
            require(offset + 9, end, "heartbeat header");
            into.digest = buffer.getLong(offset + 1, ORDER);
            final int[] at = {offset + 9};
            into.records.add(decodeRecord(buffer, at, end, into.utf8));
            if (at[0] != end) {
                throw new MalformedMessageException("heartbeat has " + (end - at[0]) + " trailing bytes");
            }
        } else if (into.kind == KIND_GOSSIP) {
            require(offset + 14, end, "gossip header");
            into.replyWanted = (buffer.getByte(offset + 1) & FLAG_REPLY_WANTED) != 0;
            into.digest = buffer.getLong(offset + 2, ORDER);
            final int count = buffer.getInt(offset + 10, ORDER);
            if (count < 0 || (long)count * MIN_RECORD_LENGTH > end - (offset + 14)) {
                throw new MalformedMessageException("gossip claims " + count + " records in " + (end - offset - 14) + " bytes");
            }
            if (count > into.maxRecords) {
                throw new MalformedMessageException("gossip of " + count + " records exceeds the table bound of "
                    + into.maxRecords);
            }
            final int[] at = {offset + 14};
            for (int i = 0; i < count; i++) {
                into.records.add(decodeRecord(buffer, at, end, into.utf8));
            }
            if (at[0] != end) {
                throw new MalformedMessageException("gossip has " + (end - at[0]) + " trailing bytes");
            }
        } else {
            throw new MalformedMessageException("unknown membership message kind " + into.kind);
        }
    }

    private static MemberRecord decodeRecord(final DirectBuffer buffer, final int[] at, final int end,
        final CharsetDecoder utf8) {
        final int offset = at[0];
        require(offset + 14, end, "member record");
        final int id = buffer.getInt(offset, ORDER);
        if (id < 0 || id > MemberRecord.MAX_MEMBER_ID) {
            throw new MalformedMessageException("member id outside 0.." + MemberRecord.MAX_MEMBER_ID);
        }
        final long incarnation = buffer.getLong(offset + 4, ORDER);
        if (incarnation < 0 || incarnation > MemberRecord.MAX_INCARNATION) {
            throw new MalformedMessageException("incarnation outside 0.." + MemberRecord.MAX_INCARNATION);
        }
        final MemberStatus status = MemberStatus.of(buffer.getByte(offset + 12));
        final byte hosting = buffer.getByte(offset + 13);
        if (hosting != 0 && hosting != 1) {
            throw new MalformedMessageException("bad hosting flag " + hosting);
        }
        at[0] = offset + 14;
        final String endpoint = getString(buffer, at, end, "endpoint", MemberRecord.MAX_ENDPOINT_LENGTH, utf8);
        final String problem = MemberRecord.endpointProblem(endpoint);
        if (problem != null) {
            throw new MalformedMessageException(problem);
        }
        final String driverKey = getString(buffer, at, end, "driver key", MAX_STRING_LENGTH, utf8);
        require(at[0] + 8, end, "member state version");
        final long stateVersion = buffer.getLong(at[0], ORDER);
        at[0] += 8;
        final MemberState state = decodeState(buffer, at, end, stateVersion, utf8);
        if (status != MemberStatus.ALIVE && (state.version() != 0 || !state.isEmpty())) {
            throw new MalformedMessageException("a " + status + " record carries a member state");
        }
        return new MemberRecord(id, incarnation, status, hosting == 1, endpoint, driverKey, state);
    }

    /** A state's count and entries at {@code at[0]}, checked against {@link MemberState}'s bounds. */
    private static MemberState decodeState(final DirectBuffer buffer, final int[] at, final int end, final long version,
        final CharsetDecoder utf8) {
        if (version < 0) {
            throw new MalformedMessageException("member state version is negative");
        }
        require(at[0] + 1, end, "member state count");
        final int count = buffer.getByte(at[0]) & 0xFF;
        at[0]++;
        if (count > MemberState.MAX_KEYS) {
            throw new MalformedMessageException("member state of " + count + " keys exceeds " + MemberState.MAX_KEYS);
        }
        if (count == 0 && version == 0) {
            return MemberState.EMPTY;
        }
        final TreeMap<String, String> entries = new TreeMap<>();
        int total = 0;
        String previous = null;
        for (int i = 0; i < count; i++) {
            require(at[0] + 1, end, "member state key length");
            final int keyLength = buffer.getByte(at[0]) & 0xFF;
            if (keyLength == 0 || keyLength > MemberState.MAX_KEY_BYTES) {
                throw new MalformedMessageException("member state key of " + keyLength + " bytes is outside 1.."
                    + MemberState.MAX_KEY_BYTES);
            }
            final String key = utf8(buffer, at[0] + 1, keyLength, end, "member state key", utf8);
            at[0] += 1 + keyLength;
            if (previous != null && key.compareTo(previous) <= 0) {
                throw new MalformedMessageException("member state keys are not strictly ascending");
            }
            final int valueAt = at[0];
            final String value = getString(buffer, at, end, "member state value", MemberState.MAX_VALUE_BYTES, utf8);
            total += keyLength + at[0] - valueAt - 2;
            if (total > MemberState.MAX_TOTAL_BYTES) {
                throw new MalformedMessageException("member state exceeds " + MemberState.MAX_TOTAL_BYTES + " bytes");
            }
            entries.put(key, value);
            previous = key;
        }
        try {
            return MemberState.of(version, entries);
        } catch (final IllegalArgumentException ex) {
            // every bound was checked above; this keeps a future bound from escaping as anything but malformed
            throw new MalformedMessageException("member state out of bounds");
        }
    }

    private static String getString(final DirectBuffer buffer, final int[] at, final int end, final String what,
        final int maxLength, final CharsetDecoder utf8) {
        require(at[0] + 2, end, what + " length");
        final int n = buffer.getShort(at[0], ORDER) & 0xFFFF;
        if (n > maxLength) {
            throw new MalformedMessageException(what + " of " + n + " bytes exceeds " + maxLength);
        }
        final String value = utf8(buffer, at[0] + 2, n, end, what, utf8);
        at[0] += 2 + n;
        return value;
    }

    /** The {@code n} bytes at {@code offset} as strict UTF-8, after checking they are there. */
    private static String utf8(final DirectBuffer buffer, final int offset, final int n, final int end, final String what,
        final CharsetDecoder utf8) {
        require(offset + n, end, what);
        final byte[] bytes = new byte[n];
        buffer.getBytes(offset, bytes);
        try {
            return utf8.reset().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final CharacterCodingException ex) {
            throw new MalformedMessageException(what + " is not valid UTF-8");
        }
    }

    private static void require(final int needed, final int end, final String what) {
        if (needed > end) {
            throw new MalformedMessageException("truncated " + what + ": needs " + needed + ", has " + end);
        }
    }
}
