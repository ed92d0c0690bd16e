package io.grain.gateway.http;

import java.util.List;
import java.util.Map;

/**
 * A plain HTTP request to an {@link HttpEndpoint}.
 *
 * @param method     the HTTP method, upper case ({@code GET}, {@code POST}).
 * @param path       the decoded path, without the query.
 * @param parameters the query parameters, decoded; a POST's {@code application/x-www-form-urlencoded}
 *                   body adds to them.
 */
public record HttpQuery(String method, String path, Map<String, List<String>> parameters) {
    public HttpQuery {
        parameters = Map.copyOf(parameters);
    }

    /** The first value of parameter {@code name}, or null. */
    public String parameter(final String name) {
        final List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
