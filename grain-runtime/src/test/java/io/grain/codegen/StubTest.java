package io.grain.codegen;

import io.grain.codegen.Wire.Color;
import io.grain.codegen.Wire.Leaf;
import io.grain.testing.StubCall;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated stubs: programmed answers, a clear failure when unprogrammed, calls recorded in order. */
class StubTest {
    @Test
    void programmedMethodsAnswerWithTheirLambda() {
        final WireStub stub = new WireStub()
            .onInt32(value -> CompletableFuture.completedFuture(value * 2))
            .onMixed((a, b, c, d, e) -> CompletableFuture.completedFuture(b + c.size()));
        final Wire wire = stub;
        assertEquals(42, wire.int32(21).join());
        assertEquals("x2", wire.mixed(1, "x", List.of("a", "b"), null, Optional.empty()).toCompletableFuture().join());
    }

    @Test
    void anUnprogrammedMethodFailsItsFutureAndSaysHowToProgramIt() {
        final WireStub stub = new WireStub();
        final CompletionException failure = assertThrows(CompletionException.class, () -> stub.text("hi").join());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals("WireStub.text(java.lang.String) has no answer; program it with onText(...)", failure.getCause().getMessage());
        assertEquals(List.of(new WireStub.TextCall("hi")), stub.textCalls(), "the call is recorded all the same");
    }

    @Test
    void callsAreRecordedInOrderWithTheirArguments() {
        final Leaf leaf = new Leaf("l", 1, Color.RED);
        final WireStub stub = new WireStub().onInt32(v -> CompletableFuture.completedFuture(v));
        stub.int32(1);
        stub.fire("event");
        stub.mixed(3, null, List.of(), leaf, Optional.of(Color.BLUE));
        stub.int32(2);
        final List<StubCall> calls = stub.calls();
        assertEquals(List.of("int32", "fire", "mixed", "int32"), calls.stream().map(StubCall::method).toList());
        assertEquals(List.of(1), calls.get(0).arguments());
        assertEquals(java.util.Arrays.asList(3, null, List.of(), leaf, Optional.of(Color.BLUE)), calls.get(2).arguments());
        assertEquals(List.of(new WireStub.Int32Call(1), new WireStub.Int32Call(2)), stub.int32Calls());
        assertEquals(List.of(new WireStub.FireCall("event")), stub.fireCalls());
    }

    @Test
    void oneWayMethodsRunTheirAnswerIfProgrammed() {
        final StringBuilder seen = new StringBuilder();
        final WireStub stub = new WireStub().onFire(seen::append);
        stub.fire("a");
        stub.fire("b");
        assertEquals("ab", seen.toString());
    }

    @Test
    void onReturnsTheStubAndRefusesNull() {
        final WireStub stub = new WireStub();
        assertSame(stub, stub.onNothing(() -> CompletableFuture.completedFuture(null)));
        assertThrows(NullPointerException.class, () -> stub.onNothing(null));
        assertTrue(stub.calls().isEmpty());
    }
}
