package io.grain.runtime.shard;

import io.grain.runtime.Remindable;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.InboundCall;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireFormatException;
import io.grain.runtime.wire.WireType;

import java.util.concurrent.CompletionStage;

/**
 * The runtime's own method that delivers a reminder tick to a grain, {@link Remindable#onReminder}:
 * an ordinary request (non-read-only, non-interleaving, so the turn rules hold) that goes through
 * placement, forwarding and activation like any call. Its id is the FNV-1a 32 hash of
 * {@value #SIGNATURE}, a name no Java method can have, so it never collides with a generated
 * method id. The request message is {@code { string name = 1; }}, the reply message is empty.
 *
 * <p>Thread ownership: stateless.
 */
final class ReminderTick {
    /** What the id is the hash of. */
    static final String SIGNATURE = "grain.onReminder(java.lang.String)";
    static final int METHOD_ID = GrainMethod.idOf(SIGNATURE);
    static final GrainMethod METHOD = new GrainMethod(METHOD_ID, "onReminder", "onReminder(java.lang.String)", false,
        false, false, GrainMethod.DEFAULT_TIMEOUT, true);
    /** The reply has no fields. */
    static final ReplyDecoder<Void> REPLY = reader -> null;

    private static final int NAME_TAG = (1 << 3) | WireType.LENGTH_DELIMITED;

    private ReminderTick() {
    }

    /** Writes the tick's request message. */
    static void writeName(final ProtoWriter writer, final String name) {
        writer.writeString(1, name);
    }

    /** Calls {@code onReminder} on {@code grain} with the name in {@code call}. */
    static CompletionStage<?> invoke(final Object grain, final InboundCall call) {
        final String name = readName(call.arguments());
        if (!(grain instanceof Remindable)) {
            throw new IllegalStateException("reminder '" + name + "' ticked for a grain of " + grain.getClass().getName()
                + ", which does not implement io.grain.runtime.Remindable");
        }
        return ((Remindable)grain).onReminder(name);
    }

    private static String readName(final ProtoReader reader) {
        String name = null;
        int tag;
        while ((tag = reader.readTag()) != 0) {
            if (tag == NAME_TAG) {
                name = reader.readString();
            } else {
                reader.skipField(tag);
            }
        }
        if (name == null) {
            throw new WireFormatException("a reminder tick carries no reminder name");
        }
        return name;
    }
}
