package io.grain.gateway.auth;

import java.util.Objects;

/**
 * Who a client is, as its {@link Authenticator} established: typically a player id. Pushes are
 * addressed to principals, and the {@link Authorizer} decides calls by principal.
 *
 * @param id the principal's id, non-empty.
 */
public record Principal(String id) {
    public Principal {
        Objects.requireNonNull(id, "principal id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a principal id must not be empty");
        }
    }
}
