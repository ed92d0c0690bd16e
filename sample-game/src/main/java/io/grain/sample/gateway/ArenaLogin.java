package io.grain.sample.gateway;

import io.grain.gateway.auth.JwtIssuer;
import io.grain.gateway.http.HttpAnswer;
import io.grain.gateway.http.HttpEndpoint;
import io.grain.gateway.http.HttpQuery;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The web page's login: {@code POST /login} with {@code player=<name>} answers
 * {@code {"player": name, "token": jwt}}, a token for that player valid for {@link #LIFETIME}.
 *
 * <p>This is the sample's stand-in for a game's account service, and it checks no password: any
 * visitor may play under any free name. Two rules keep the demo honest: names are short and plain
 * ({@link #NAME}), and the bots' names ({@link #RESERVED_PREFIX}...) are not given out, so a
 * visitor cannot play as a bot. Thread safe.
 */
final class ArenaLogin implements HttpEndpoint {
    static final String PATH = "/login";
    /** How long a page token is valid. */
    static final Duration LIFETIME = Duration.ofHours(1);
    /** Names the page may log in as. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,24}");
    /** Prefix of the bots' names, which the page may not take. */
    static final String RESERVED_PREFIX = "bot";

    private final JwtIssuer issuer;

    ArenaLogin(final JwtIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public HttpAnswer answer(final HttpQuery query) {
        if (!"POST".equals(query.method())) {
            return HttpAnswer.json(405, "{\"error\":\"log in with POST /login, player=<name>\"}");
        }
        final String player = query.parameter("player");
        if (player == null || !NAME.matcher(player).matches()) {
            return HttpAnswer.json(400, "{\"error\":\"a player name is 1 to 24 letters, digits, '_' or '-'\"}");
        }
        if (player.startsWith(RESERVED_PREFIX)) {
            return HttpAnswer.json(403, "{\"error\":\"names starting with '" + RESERVED_PREFIX + "' belong to the bots\"}");
        }
        return HttpAnswer.json(200, "{\"player\":\"" + player + "\",\"token\":\"" + issuer.issue(player, LIFETIME) + "\"}");
    }
}
