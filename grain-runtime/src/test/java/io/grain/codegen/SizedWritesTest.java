package io.grain.codegen;

import io.grain.codegen.Wire.Node;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoSizes;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated encoders size a message once and then write it without capacity checks: the sizes
 * they measure are the sizes the checked writes produce, for any string (random ones from every
 * range of UTF-16, unpaired surrogates included) and every varint length; a value that changes
 * between the size pass and the write pass fails the call instead of sending wrong lengths; and
 * the nesting the writer accepts is the nesting the reader accepts.
 */
class SizedWritesTest {
    private final EchoingWire grain = new EchoingWire();
    private final Loopback loopback = new Loopback(false).register(WireDispatcher.INSTANCE, grain);
    private final Wire wire = loopback.client(WireDispatcher.INSTANCE, "w");

    private static String randomString(final Random random, final int length) {
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0: text.append((char)random.nextInt(0x80)); break;
                case 1: text.append((char)(0x80 + random.nextInt(0x800 - 0x80))); break;
                case 2: text.append((char)(0x800 + random.nextInt(0xD800 - 0x800))); break;
                case 3: text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000)); break;
                case 4: text.append((char)(0xD800 + random.nextInt(0x800))); break; // a lone surrogate, high or low
                default: text.append((char)(0xE000 + random.nextInt(0x10000 - 0xE000)));
            }
        }
        return text.toString();
    }

    @Test
    void everyStringIsSizedAndWrittenAsUtf8WithUnpairedSurrogatesAsQuestionMarks() {
        final Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            final String value = randomString(random, random.nextInt(i < 450 ? 60 : 3000));
            // String.getBytes writes an unpaired surrogate as '?' too
            final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            assertEquals(utf8.length, ProtoSizes.utf8Length(value));
            final ProtoWriter checked = new ProtoWriter(1);
            checked.writeString(1, value);
            assertEquals(wire.text(value).join(), new String(utf8, StandardCharsets.UTF_8));
            assertArrayEquals(checked.toByteArray(), loopback.lastRequest, () -> "request of " + value.length() + " chars");
            assertArrayEquals(checked.toByteArray(), loopback.lastReply);
            assertEquals(1 + ProtoSizes.lengthDelimited(utf8.length), loopback.lastRequest.length);
        }
    }

    @Test
    void varintSizesMatchTheBytesWrittenAtEveryLength() {
        for (int bits = 0; bits <= 64; bits++) {
            for (final long value : new long[] {bits == 64 ? -1L : (1L << bits) - 1, bits == 64 ? Long.MIN_VALUE : 1L << bits}) {
                final ProtoWriter w = new ProtoWriter(1);
                w.appendUInt64(value);
                assertEquals(w.position(), ProtoSizes.varint64(value), () -> "varint64 of " + value);
                w.reset();
                w.appendSInt64(value);
                assertEquals(w.position(), ProtoSizes.sint64(value), () -> "sint64 of " + value);
                w.reset();
                w.appendUInt32((int)value);
                assertEquals(w.position(), ProtoSizes.varint32((int)value), () -> "varint32 of " + (int)value);
                w.reset();
                w.appendSInt32((int)value);
                assertEquals(w.position(), ProtoSizes.sint32((int)value), () -> "sint32 of " + (int)value);
            }
        }
    }

    /** A list whose elements are longer each time it is iterated, as a list another thread changes might be. */
    private static final class Growing extends AbstractList<String> {
        private int iterations;

        @Override
        public Iterator<String> iterator() {
            iterations++;
            return Collections.nCopies(2, "x".repeat(iterations)).iterator();
        }

        @Override
        public String get(final int index) {
            return "x".repeat(Math.max(1, iterations));
        }

        @Override
        public int size() {
            return 2;
        }
    }

    /** A list with one element more each time it is iterated. */
    private static final class Lengthening extends AbstractList<Integer> {
        private int iterations;

        @Override
        public Iterator<Integer> iterator() {
            iterations++;
            return Collections.nCopies(iterations, 7).iterator();
        }

        @Override
        public Integer get(final int index) {
            return 7;
        }

        @Override
        public int size() {
            return Math.max(1, iterations);
        }
    }

    @Test
    void aStringThatChangesBetweenSizingAndWritingFailsTheCallAndSendsNothing() {
        final CompletionException failure = assertThrows(CompletionException.class, () -> wire.strings(new Growing()).join());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("changed while its message was written"), failure.getCause().getMessage());
        assertNull(loopback.lastRequest, "nothing was sent");
        assertTrue(grain.received.isEmpty());
    }

    @Test
    void aPackedListThatGrowsBetweenSizingAndWritingFailsTheCallAndSendsNothing() {
        final CompletionException failure = assertThrows(CompletionException.class, () -> wire.ints(new Lengthening()).join());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertNull(loopback.lastRequest, "nothing was sent");
        // the same list, read once per pass, written whole when it holds still
        assertEquals(List.of(7, 7), wire.ints(List.of(7, 7)).join());
    }

    private static Node chain(final int nodes) {
        Node node = new Node("leaf", List.of());
        for (int i = 1; i < nodes; i++) {
            node = new Node(null, List.of(node));
        }
        return node;
    }

    @Test
    void theDeepestNestingTheWriterAcceptsTheReaderAcceptsToo() {
        int deepest = 0;
        for (int nodes = 1; nodes <= ProtoReader.MAX_DEPTH + 2; nodes++) {
            final Node node = chain(nodes);
            final ProtoWriter w = new ProtoWriter(1);
            try {
                WireCodec.writeNodeRequest(w, node);
            } catch (final WireFormatException tooDeep) {
                assertTrue(tooDeep.getMessage().contains("nest deeper than " + ProtoReader.MAX_DEPTH), tooDeep.getMessage());
                break;
            }
            deepest = nodes;
            assertEquals(node, wire.node(node).join());
        }
        assertEquals(ProtoReader.MAX_DEPTH, deepest, "a request holds a Node chain as deep as the reader allows");
        final int tooDeep = deepest + 1;
        final CompletionException failure = assertThrows(CompletionException.class, () -> wire.node(chain(tooDeep)).join());
        assertInstanceOf(WireFormatException.class, failure.getCause());
    }
}
