package io.grain.sample.hosts;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The command line of {@link HostsDrill}, which {@code scripts/netns-cluster.sh} runs. */
@Command(name = "netns-cluster", mixinStandardHelpOptions = true, description = {
    "Runs arena members on separate hosts (Linux network namespaces on a bridge, one address each) with bots playing"
        + " from the root namespace, cuts one host off the network, checks that the others declare it dead within "
        + "the detection bound and serve its grains, heals the link, and checks that it rejoins as a new incarnation"
        + " and that no grain had two live activations for longer than the bound. Needs root and the ip command.",
    "Removes every namespace, link, process and Aeron directory it made, also when a check fails; namespaces of an"
        + " earlier run that died are removed at the start. Exit code 0 when every check passed, 1 otherwise."})
public final class HostsDrillCommand implements Callable<Integer> {
    @Option(names = "--members", description = "Member hosts (default: ${DEFAULT-VALUE}).")
    int members = 3;

    @Option(names = "--bots", description = "Bots playing from the root namespace (default: ${DEFAULT-VALUE}).")
    int bots = 20;

    @Option(names = "--victim", description = "The member whose host is cut off (default: the last one).")
    Integer victim;

    @Option(names = "--port", description = "UDP port every member listens on, each at its own address (default: ${DEFAULT-VALUE}).")
    int port = 7000;

    @Option(names = "--logs", description = "Directory of the members' logs and game data (default: ${DEFAULT-VALUE}).")
    Path logs = Path.of("target", "netns-cluster");

    @Option(names = "--member-option", description = "An extra option for every member (ArenaMember), repeatable; {bridge}"
        + " stands for the bridge's address, where a server in the root namespace is reachable from every host.")
    List<String> memberOptions = new ArrayList<>();

    public static void main(final String[] args) {
        System.exit(new CommandLine(new HostsDrillCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        final String unavailable = HostNetwork.unavailableReason();
        if (unavailable != null) {
            System.err.println("netns-cluster: " + unavailable);
            return 2;
        }
        final Path dir = logs.toAbsolutePath();
        Files.createDirectories(dir);
        final List<String> options = new ArrayList<>(memberOptions);
        if (options.stream().noneMatch(o -> o.startsWith("--storage") || o.startsWith("--postgres"))) {
            // the namespaces share this machine's file system, so the members may share one SQLite file
            final Path data = dir.resolve("arena.db");
            Files.deleteIfExists(data);
            options.add("--storage=" + data);
        }
        final HostsDrill.Result result = new HostsDrill(
            new HostsDrill.Settings(members, bots, victim == null ? members - 1 : victim, port, dir, options)).run();
        System.out.println(result.summary());
        System.out.println("logs: " + dir);
        return result.passed() ? 0 : 1;
    }
}
