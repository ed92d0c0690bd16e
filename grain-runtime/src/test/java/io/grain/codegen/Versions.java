package io.grain.codegen;

import io.grain.annotation.Grain;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Two versions of one record, as an older and a newer member would each have it: the newer one
 * added components at the end. The wire keeps them compatible both ways.
 */
@Grain
public interface Versions {
    record ProfileV1(String name, int level) {
    }

    record ProfileV2(String name, int level, List<String> badges, ProfileV1 mentor) {
    }

    CompletableFuture<ProfileV1> v1(ProfileV1 profile);

    CompletableFuture<ProfileV2> v2(ProfileV2 profile);
}
