package io.grain.sample;

import io.grain.membership.postgres.PostgresMembership;
import io.grain.transport.aeron.AeronTransport;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The command-line options that choose the membership of an arena process (a member, or the
 * launcher and its bots' client): {@code --membership gossip} (the default: the members' endpoints
 * are the seeds) or {@code --membership postgres} with {@code --membership-url} (members find each
 * other in a table of that database; no seeds needed). The database password comes from the
 * environment variable {@value #PASSWORD_VARIABLE} (or the URL's password parameter), never from
 * the command line. A picocli mixin; not thread safe.
 */
public final class MembershipOptions {
    /** Environment variable holding the membership database's password. */
    static final String PASSWORD_VARIABLE = "GRAIN_MEMBERSHIP_PASSWORD";

    /** The membership providers to choose from. */
    public enum Kind {
        gossip, postgres
    }

    @Option(names = "--membership", paramLabel = "gossip|postgres", description = "How members find each other:"
        + " gossip through the seeds, or a table in PostgreSQL (--membership-url) (default: ${DEFAULT-VALUE}).")
    Kind kind = Kind.gossip;

    @Option(names = "--membership-url", paramLabel = "<jdbc url>", description = "With --membership postgres: the database of"
        + " the membership table, e.g. jdbc:postgresql://db:5432/grain.")
    String url;

    @Option(names = "--membership-user", description = "With --membership postgres: the database user (default: the URL's user"
        + " parameter); the password comes from the environment variable " + PASSWORD_VARIABLE + ".")
    String user;

    @Option(names = "--membership-cluster", description = "With --membership postgres: the cluster's id in the table, so"
        + " several clusters may share it (default: ${DEFAULT-VALUE}).")
    String clusterId = "arena";

    /**
     * Gives {@code context} this membership: the seeds for gossip, a {@link PostgresMembership} (whose
     * pool the transport closes when it stops) for postgres.
     *
     * @throws CommandLine.ParameterException when the options do not fit together
     */
    AeronTransport.Context apply(final CommandLine command, final AeronTransport.Context context, final List<String> seeds) {
        check(command);
        if (kind == Kind.gossip) {
            return context.seeds(seeds);
        }
        return context.membershipProvider(new PostgresMembership(new PostgresMembership.Context()
            .url(url)
            .user(user)
            .password(System.getenv(PASSWORD_VARIABLE))
            .clusterId(clusterId)));
    }

    /** These options as {@link ArenaMember} takes them, for the launcher to pass on to its members. */
    List<String> memberOptions() {
        final List<String> options = new ArrayList<>();
        options.add("--membership=" + kind);
        if (url != null) {
            options.add("--membership-url=" + url);
        }
        if (user != null) {
            options.add("--membership-user=" + user);
        }
        options.add("--membership-cluster=" + clusterId);
        return options;
    }

    void check(final CommandLine command) {
        if (kind == Kind.postgres && url == null) {
            throw new CommandLine.ParameterException(command, "--membership postgres needs --membership-url <jdbc url>");
        }
        if (kind == Kind.gossip && (url != null || user != null)) {
            throw new CommandLine.ParameterException(command, "--membership-url and --membership-user are for --membership postgres");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.gossip ? "gossip" : "postgres (" + url + ", cluster " + clusterId + ")";
    }
}
