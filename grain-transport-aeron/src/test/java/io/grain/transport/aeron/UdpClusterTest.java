package io.grain.transport.aeron;

import io.grain.runtime.transport.Transport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpClusterTest {
    @Test
    void threeMembersConvergeAndExchangeMessages() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport m0 = members.add(TestMembers.context(0, "127.0.0.1:0"));
            final String seed = m0.endpoint();
            final AeronTransport m1 = members.add(TestMembers.context(1, "127.0.0.1:0").seeds(seed));
            final AeronTransport m2 = members.add(TestMembers.context(2, "127.0.0.1:0").seeds(seed));
            members.awaitHostingView(List.of(m0, m1, m2), 0, 1, 2);

            final UnsafeBuffer msg = new UnsafeBuffer("hello from 0".getBytes(StandardCharsets.UTF_8));
            final List<String> got = new ArrayList<>();
            Await.until(Duration.ofSeconds(10), () -> m0.send(2, msg, 0, msg.capacity()) == Transport.SENT, () -> "send");
            Await.until(Duration.ofSeconds(10), () -> {
                m2.poll((b, o, l) -> got.add(b.getStringWithoutLengthUtf8(o, l)), 10);
                return !got.isEmpty();
            }, () -> "receive");
            assertEquals("hello from 0", got.get(0));
            assertTrue(m0.countersSnapshot().get("messages sent") >= 1);
        }
    }
}
