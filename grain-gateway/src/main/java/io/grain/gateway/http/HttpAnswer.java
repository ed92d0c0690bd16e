package io.grain.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an {@link HttpEndpoint} answers: a status, a content type and a body.
 *
 * @param status      the HTTP status code, 100..599.
 * @param contentType the {@code Content-Type} header.
 * @param body        the bytes of the body (not copied: do not change them after).
 */
public record HttpAnswer(int status, String contentType, byte[] body) {
    public HttpAnswer {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("an HTTP status is 100..599: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /** A JSON body (UTF-8) with {@code status}. */
    public static HttpAnswer json(final int status, final String json) {
        return new HttpAnswer(status, "application/json; charset=UTF-8", json.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain text body (UTF-8) with {@code status}. */
    public static HttpAnswer text(final int status, final String text) {
        return new HttpAnswer(status, "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
