package io.grain.gateway.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtAuthenticatorTest {
    private static final byte[] SECRET = "thirty-two bytes of secret, at least!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static AuthenticationException refusal(final Authenticator authenticator, final String token) {
        final CompletionException e = assertThrows(CompletionException.class,
            () -> authenticator.authenticate(token).toCompletableFuture().join());
        return assertInstanceOf(AuthenticationException.class, e.getCause());
    }

    @Test
    void anIssuedTokenNamesItsSubjectUntilItExpires() {
        final JwtIssuer issuer = new JwtIssuer(SECRET, "arena", Clock.fixed(NOW, ZoneOffset.UTC));
        final String token = issuer.issue("alice", Duration.ofMinutes(10));
        final JwtAuthenticator during = new JwtAuthenticator(SECRET, "arena", Duration.ZERO, Clock.fixed(NOW.plusSeconds(599), ZoneOffset.UTC));
        assertEquals(new Principal("alice"), during.authenticate(token).toCompletableFuture().join());
        final JwtAuthenticator after = new JwtAuthenticator(SECRET, "arena", Duration.ZERO, Clock.fixed(NOW.plusSeconds(601), ZoneOffset.UTC));
        assertTrue(refusal(after, token).expired());
        // the leeway forgives a little clock skew
        final JwtAuthenticator skewed = new JwtAuthenticator(SECRET, "arena", Duration.ofSeconds(5),
            Clock.fixed(NOW.plusSeconds(603), ZoneOffset.UTC));
        assertEquals("alice", skewed.authenticate(token).toCompletableFuture().join().id());
    }

    @Test
    void tokensOfAnotherKeyOrIssuerOrNoTokenAtAllAreRefused() {
        final JwtAuthenticator authenticator = new JwtAuthenticator(SECRET, "arena");
        final String otherKey = new JwtIssuer("another secret of thirty-two bytes or more".getBytes(StandardCharsets.UTF_8), "arena")
            .issue("alice", Duration.ofMinutes(1));
        assertFalse(refusal(authenticator, otherKey).expired());
        final String otherIssuer = new JwtIssuer(SECRET, "elsewhere").issue("alice", Duration.ofMinutes(1));
        assertFalse(refusal(authenticator, otherIssuer).expired());
        assertFalse(refusal(authenticator, "").expired());
        assertFalse(refusal(authenticator, "a.b.c").expired());
        // a token signed with the algorithm "none" is not a token
        final String[] parts = new JwtIssuer(SECRET, "arena").issue("alice", Duration.ofMinutes(1)).split("\\.");
        final String unsigned = java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertFalse(refusal(authenticator, unsigned).expired());
    }

    @Test
    void shortSecretsAreRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new JwtIssuer(new byte[16], "arena"));
        assertThrows(IllegalArgumentException.class, () -> new JwtAuthenticator(new byte[31], "arena"));
    }

    @Test
    void ownGrainsOnlyLetsAPlayerActOnlyAsItself() {
        final Authorizer authorizer = Authorizers.ownGrainsOnly(java.util.Set.of("player"));
        final Principal alice = new Principal("alice");
        assertTrue(authorizer.allows(alice, io.grain.runtime.GrainId.of("player", "alice"), null));
        assertFalse(authorizer.allows(alice, io.grain.runtime.GrainId.of("player", "bob"), null));
        assertFalse(authorizer.allows(new Principal("7"), io.grain.runtime.GrainId.of("player", 7L), null), "a long key is another grain");
        assertTrue(authorizer.allows(alice, io.grain.runtime.GrainId.of("lobby", 1L), null));
    }
}
