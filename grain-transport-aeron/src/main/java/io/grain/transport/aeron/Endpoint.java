package io.grain.transport.aeron;

import io.grain.transport.aeron.membership.MemberRecord;

import java.util.Objects;

/**
 * A UDP endpoint {@code host:port} where a member (or client) receives. Immutable; safe to share.
 * A port of 0 asks the operating system for a free port when the transport starts.
 */
public final class Endpoint {
    private final String host;
    private final int port;

    private Endpoint(final String host, final int port) {
        this.host = host;
        this.port = port;
    }

    /** {@code host:port} of a host name, an IPv4 address or a bracketed IPv6 address. */
    public static Endpoint parse(final String text) {
        Objects.requireNonNull(text, "endpoint");
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("endpoint '" + text + "' is not host:port");
        }
        final int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException("endpoint '" + text + "' has no numeric port", ex);
        }
        return of(text.substring(0, colon), port);
    }

    public static Endpoint of(final String host, final int port) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("endpoint host is empty");
        }
        // the host goes into an Aeron channel URI: characters like '|' or '?' would add parameters to it
        final String problem = MemberRecord.hostProblem(host, 0, host.length());
        if (problem != null) {
            throw new IllegalArgumentException("endpoint host '" + host + "': " + problem.substring("endpoint host ".length()));
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("endpoint port out of range: " + port);
        }
        return new Endpoint(host, port);
    }

    /** Whether {@code port} is one a member can be reached at: 1..65535. */
    public static boolean validPort(final int port) {
        return port >= 1 && port <= 65535;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The Aeron UDP channel that reaches this endpoint, with the given extra URI parameters. */
    public String udpChannel(final String extraParams) {
        return "aeron:udp?endpoint=" + this + (extraParams.isEmpty() ? "" : "|" + extraParams);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Endpoint e && e.port == port && e.host.equals(host);
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        return host + ':' + port;
    }
}
