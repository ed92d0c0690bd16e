package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterDispatcher;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.grains.Unregistered;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorsTest {
    /** Characters of a reply or error message over the transport's maximum message size. */
    private static final int OVER_LIMIT = 16 * 1024 * 1024 + 1000;
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = TestCluster.builder().members(3).register(Counter.class, CounterGrain::new).start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void exceptionsCarryTypeAndMessageAndTheGrainStaysActive() {
        for (int i = 0; i < 6; i++) {
            final Counter counter = cluster.grains().get(Counter.class, "c" + i);
            assertEquals(5, Await.result(counter.add(5)));
            final GrainException e = Await.failure(counter.fail("boom " + i), GrainException.class);
            assertEquals("java.lang.IllegalStateException", e.errorType());
            assertEquals("boom " + i, e.errorMessage());
            assertEquals(6, Await.result(counter.add(1)), "state survived the exception");
        }
        assertEquals(6, cluster.activationCount());
    }

    @Test
    void aReplyOverTheTransportLimitFailsTheCallWithAnErrorNamingTheLimit() {
        final String key = keyOwnedBy(1);
        final Counter remote = cluster.grains(0).get(Counter.class, key);
        // over the in-JVM transport's default maximum message size of 16 MiB
        final GrainException e = Await.failure(remote.text(OVER_LIMIT), GrainException.class);
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("text(int)") && e.errorMessage().contains("exceeds the maximum message size"),
            e.errorMessage());
        assertEquals(1000, Await.result(remote.text(1000)).length(), "the grain still answers");
        assertEquals(OVER_LIMIT, Await.result(cluster.grains(1).get(Counter.class, key).text(OVER_LIMIT)).length(),
            "a local caller gets the large reply: it crosses no transport");
    }

    @Test
    void anErrorReplyOverTheTransportLimitArrivesWithItsMessageCut() {
        final Counter remote = cluster.grains(0).get(Counter.class, keyOwnedBy(1));
        final GrainException e = Await.failure(remote.failLong(OVER_LIMIT), GrainException.class);
        assertEquals(IllegalStateException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().startsWith("yyyy") && e.errorMessage().endsWith("... (truncated)")
            && e.errorMessage().length() < 2000, e.errorMessage().length() + " chars");
    }

    private String keyOwnedBy(final int member) {
        for (int i = 0; ; i++) {
            if (cluster.ownerOf(GrainId.of(CounterDispatcher.KIND, "big" + i)) == member) {
                return "big" + i;
            }
        }
    }

    @Test
    void unknownKindFailsClearly() {
        final Unregistered u = cluster.grains().get(Unregistered.class, "u");
        final GrainUnavailableException e = Await.failure(u.anything(), GrainUnavailableException.class);
        assertTrue(e.getMessage().contains("grain kind 'unregistered' is not registered"), e.getMessage());
    }

    @Test
    void aClassThatIsNotAGrainIsRefusedAtGet() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> cluster.grains().get(CounterGrain.class, "x"));
        assertTrue(e.getMessage().contains("is not a @Grain interface"), e.getMessage());
    }

    @Test
    void unknownMethodFailsClearlyLocallyAndRemotely() throws Exception {
        final GrainMethod bogus = new GrainMethod(0x0badf00d, "bogus", "bogus()", false, false, false, 0, true);
        for (int i = 0; i < 6; i++) {
            final GrainId id = GrainId.of(CounterDispatcher.KIND, "m" + i);
            final CallInvoker invoker = (target, method) -> null;
            final Counter client = cluster.grains().get(Counter.class, "m" + i);
            // send the bogus method through the same invoker the generated client uses
            final CallInvoker real = invokerOf(client);
            final CompletableFuture<Object> f = real.begin(id, bogus).request(reader -> null);
            final GrainException e = Await.failure(f, GrainException.class);
            assertEquals(IllegalArgumentException.class.getName(), e.errorType());
            assertTrue(e.errorMessage().contains("has no method with id 0xbadf00d"), e.errorMessage());
            assertEquals(1, Await.result(client.add(1)), "the grain still works");
            assertTrue(invoker != null);
        }
    }

    private static CallInvoker invokerOf(final Counter client) throws Exception {
        final var field = client.getClass().getDeclaredField("invoker");
        field.setAccessible(true);
        return (CallInvoker)field.get(client);
    }
}
