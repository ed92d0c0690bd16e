package io.grain.processor;

import io.grain.processor.model.MethodIds;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Method ids are FNV-1a 32 of the signature: published vectors, so any implementation can compute them. */
class MethodIdsTest {
    @Test
    void fnv1aTestVectors() {
        assertEquals(0x811c9dc5, MethodIds.of(""));
        assertEquals(0xe40c292c, MethodIds.of("a"));
        assertEquals(0xbf9cf968, MethodIds.of("foobar"));
    }

    @Test
    void theIdDependsOnNameAndErasedParameterTypesOnly() {
        assertEquals(MethodIds.of("addScore(int)"), MethodIds.of("addScore(int)"));
        assertEquals(false, MethodIds.of("addScore(int)") == MethodIds.of("addScore(long)"));
    }
}
