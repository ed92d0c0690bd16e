package io.grain.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts JSON Web Tokens signed with HMAC-SHA256 by {@link JwtIssuer} (or anyone holding the same
 * secret): the signature, the issuer and the expiry ({@code exp}, required) are checked, and the
 * subject ({@code sub}, required) becomes the {@link Principal}. Verification is a few
 * microseconds of CPU, so it runs on the calling event loop. Thread safe.
 */
public final class JwtAuthenticator implements Authenticator {
    /** Clock skew tolerated on {@code exp} and {@code nbf}. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);

    private final JWTVerifier verifier;

    /** Checks tokens of {@code issuer} signed with {@code secret}, on the system clock. */
    public JwtAuthenticator(final byte[] secret, final String issuer) {
        this(secret, issuer, DEFAULT_LEEWAY, Clock.systemUTC());
    }

    /**
     * @param secret the HMAC key, at least 32 bytes (RFC 7518 asks for a key as long as the hash).
     * @param clock  what "now" is when checking expiry.
     */
    public JwtAuthenticator(final byte[] secret, final String issuer, final Duration leeway, final Clock clock) {
        JwtIssuer.checkSecret(secret);
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clock, "clock");
        verifier = ((JWTVerifier.BaseVerification)JWT.require(Algorithm.HMAC256(secret))
            .withIssuer(issuer)
            .withClaimPresence("sub")
            .withClaimPresence("exp")
            .acceptLeeway(leeway.toSeconds()))
            .build(clock);
    }

    @Override
    public CompletionStage<Principal> authenticate(final String token) {
        try {
            final DecodedJWT jwt = verifier.verify(token);
            final String subject = jwt.getSubject();
            if (subject == null || subject.isEmpty()) {
                return CompletableFuture.failedFuture(new AuthenticationException("the token has no subject", false));
            }
            return CompletableFuture.completedFuture(new Principal(subject));
        } catch (final TokenExpiredException e) {
            return CompletableFuture.failedFuture(new AuthenticationException("the token has expired", true));
        } catch (final JWTVerificationException e) {
            return CompletableFuture.failedFuture(new AuthenticationException("the token is not valid: " + e.getMessage(), false));
        }
    }
}
