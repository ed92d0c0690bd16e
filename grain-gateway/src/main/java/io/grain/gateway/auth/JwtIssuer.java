package io.grain.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Issues the HMAC-SHA256 JSON Web Tokens that {@link JwtAuthenticator} accepts: subject (the
 * player id), issuer, issued-at and expiry. A login service hands them to clients, which send one
 * in their first frame. Thread safe.
 */
public final class JwtIssuer {
    /** Shortest HMAC-SHA256 key accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    private final Algorithm algorithm;
    private final String issuer;
    private final Clock clock;

    public JwtIssuer(final byte[] secret, final String issuer) {
        this(secret, issuer, Clock.systemUTC());
    }

    public JwtIssuer(final byte[] secret, final String issuer, final Clock clock) {
        checkSecret(secret);
        this.algorithm = Algorithm.HMAC256(secret);
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A token for {@code subject} valid for {@code lifetime} from now. */
    public String issue(final String subject, final Duration lifetime) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("a token needs a non-empty subject");
        }
        final Instant now = clock.instant();
        return JWT.create()
            .withIssuer(issuer)
            .withSubject(subject)
            .withIssuedAt(now)
            .withExpiresAt(now.plus(lifetime))
            .sign(algorithm);
    }

    static void checkSecret(final byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("an HMAC-SHA256 secret needs at least " + MIN_SECRET_BYTES + " bytes, got "
                + secret.length);
        }
    }
}
