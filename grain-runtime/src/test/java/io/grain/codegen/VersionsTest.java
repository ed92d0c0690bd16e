package io.grain.codegen;

import io.grain.codegen.Versions.ProfileV1;
import io.grain.codegen.Versions.ProfileV2;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Record components are fields 1..n in declaration order and unknown fields are skipped, so a
 * member with an older record reads a newer one's bytes and the reverse.
 */
class VersionsTest {
    @Test
    void anOlderRecordDecodesANewerMessage() {
        final ProtoWriter writer = new ProtoWriter();
        VersionsCodec.writeVersions_ProfileV2(writer, new ProfileV2("ann", 7, List.of("gold", "silver"), new ProfileV1("mentor", 99)));
        final ProfileV1 old = VersionsCodec.readVersions_ProfileV1(new ProtoReader(writer.toByteArray()));
        assertEquals(new ProfileV1("ann", 7), old);
    }

    @Test
    void aNewerRecordDecodesAnOlderMessageWithDefaults() {
        final ProtoWriter writer = new ProtoWriter();
        VersionsCodec.writeVersions_ProfileV1(writer, new ProfileV1("bob", -1));
        final ProfileV2 newer = VersionsCodec.readVersions_ProfileV2(new ProtoReader(writer.toByteArray()));
        assertEquals(new ProfileV2("bob", -1, List.of(), null), newer);
    }

    @Test
    void aRequestWithFieldsTheCalleeDoesNotKnowStillDecodes() {
        final ProtoWriter writer = new ProtoWriter();
        VersionsCodec.writeV2Request(writer, new ProfileV2("cy", 3, List.of("x"), null));
        // a newer caller appended an argument: field 2 of the request
        writer.writeString(2, "from the future");
        writer.writeTag(3, io.grain.runtime.wire.WireType.FIXED32);
        writer.appendFixed32(0);
        final ProtoReader reader = new ProtoReader(writer.toByteArray());
        final EchoingVersions grain = new EchoingVersions();
        VersionsDispatcher.INSTANCE.invoke(grain, VersionsDispatcher.M_V2.id(), Loopback.inbound(reader, false, new Object[0]));
        assertEquals(new ProfileV2("cy", 3, List.of("x"), null), grain.last);
    }

    private static final class EchoingVersions implements Versions {
        Object last;

        @Override
        public java.util.concurrent.CompletableFuture<ProfileV1> v1(final ProfileV1 profile) {
            last = profile;
            return java.util.concurrent.CompletableFuture.completedFuture(profile);
        }

        @Override
        public java.util.concurrent.CompletableFuture<ProfileV2> v2(final ProfileV2 profile) {
            last = profile;
            return java.util.concurrent.CompletableFuture.completedFuture(profile);
        }
    }
}
