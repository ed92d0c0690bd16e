package io.grain.sample.hosts;

import io.grain.gateway.auth.JwtIssuer;
import io.grain.process.ChildJvm;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainClient;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.sample.ArenaMember;
import io.grain.sample.bots.BotSwarm;
import io.grain.sample.gateway.ArenaGateway;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.ClusterKey;
import io.grain.transport.aeron.membership.MemberRecord;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The separate-hosts drill: arena members ({@link ArenaMember}), each in a network namespace of its
 * own ({@link HostNetwork}) with its own address, and a bot swarm playing on them from the root
 * namespace; then one host is cut off the network and later put back. It measures and checks:
 * <ol>
 *   <li>the other members declare the cut-off member dead within the detection bound
 *       ({@link Settings#detectionBound()}, {@link #DETECTION_BOUND} for gossip);</li>
 *   <li>the grains it hosted answer again from the survivors, and the bots' calls succeed again;</li>
 *   <li>once the link is back it learns it was declared dead and rejoins under a new incarnation,
 *       and its grains answer from that new incarnation (not from an activation of the old one);</li>
 *   <li>no two activations of one grain were live at once for longer than the detection bound,
 *       judged from the lines {@link HostProbeGrain} activations print.</li>
 * </ol>
 * Everything it starts (namespaces, links, bridge, processes, Aeron directories) is gone when
 * {@link #run()} returns or throws. Used by {@code scripts/netns-cluster.sh} and by the sample
 * game's {@code SeparateHostsTest}. One thread runs a drill.
 */
public final class HostsDrill {
    /**
     * The bound for gossip membership: its documented failure timeout (2 s of silence, docs/AERON.md
     * section 4) plus 2 s for the last heartbeat interval, one gossip hop and a loaded machine's
     * scheduling.
     */
    public static final Duration DETECTION_BOUND = Duration.ofSeconds(4);
    /** Generous bound for anything that is not a detection: starting JVMs, joining, re-routing. */
    private static final Duration STEP_BOUND = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final int CLIENT_ID = 1_000;
    private static final int PROBES = 8;
    /** How long the bots' tokens outlive a drill. */
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(HostsDrill.class);
    private static final Pattern PROBE_LINE = Pattern.compile(
        "PROBE (ACTIVATED|DEACTIVATED) key=(\\S+) member=(\\d+) incarnation=(-?\\d+) activation=(\\d+)");
    private static final Pattern VIEW_LINE = Pattern.compile("VIEW version=(\\d+) members=\\[([\\d,]*)\\] incarnation=(-?\\d+)");

    /**
     * How the bots' client finds the members: given its transport's context and the members'
     * endpoints, sets its membership. {@link #GOSSIP} makes the endpoints its seeds; a drill on
     * another provider (the members get its options in {@link Settings#memberOptions()}) gives the
     * client that provider.
     */
    @FunctionalInterface
    public interface ClientMembership {
        ClientMembership GOSSIP = (context, endpoints, network) -> context.seeds(endpoints);

        AeronTransport.Context apply(AeronTransport.Context context, List<String> endpoints, HostNetwork network);
    }

    /** In a member option, stands for the bridge's address, e.g. {@code --membership-url=jdbc:postgresql://{bridge}:5432/grain}. */
    public static final String BRIDGE_PLACEHOLDER = "{bridge}";

    /**
     * What to run.
     *
     * @param memberOptions  options for every {@link ArenaMember} besides id, endpoint, seeds and
     *                       driver directory: where the game's data is, and the membership provider
     * @param detectionBound the provider's documented detection time plus 2 s: the survivors must
     *                       declare the cut-off member dead within it, and no grain may have two live
     *                       activations for longer; the cut lasts 2 s longer than it past the failover
     */
    public record Settings(int members, int bots, int victim, int port, Path logs, List<String> memberOptions,
                           ClientMembership clientMembership, Duration detectionBound) {
        /** Gossip membership, with its {@link #DETECTION_BOUND}. */
        public Settings(final int members, final int bots, final int victim, final int port, final Path logs,
                        final List<String> memberOptions) {
            this(members, bots, victim, port, logs, memberOptions, ClientMembership.GOSSIP, DETECTION_BOUND);
        }

        public Settings {
            if (members < 3) {
                throw new IllegalArgumentException("at least 3 members, so that the others outnumber the one cut off: " + members);
            }
            if (victim < 0 || victim >= members) {
                throw new IllegalArgumentException("victim " + victim + " is not one of the members 0.." + (members - 1));
            }
            memberOptions = List.copyOf(memberOptions);
        }
    }

    /**
     * What the drill saw, in milliseconds from the cut ({@code detectedMs}, {@code failoverMs},
     * {@code victimAloneMs}) or from the heal ({@code rejoinedMs}, {@code servedByNewIncarnationMs}).
     *
     * @param boundMs                the detection bound the drill checked against
     * @param detectedMs             when the last survivor printed a view without the cut-off member
     * @param victimAloneMs          when the cut-off member printed a view without the others, -1 if it never did
     * @param clientDetectedMs       when the bots' client (another host) dropped it from its view
     * @param maxDualActivationMs    the longest time two activations of one probe grain were live at once
     * @param problems               every check that failed, in words; empty when the drill passed
     */
    public record Result(String network, long boundMs, long detectedMs, long clientDetectedMs, long failoverMs, long victimAloneMs,
                         long rejoinedMs, long servedByNewIncarnationMs, long oldIncarnation, long newIncarnation,
                         long maxDualActivationMs, String dualActivationWorst, long botCalls, long botFailures,
                         long botSuccessesAfterFailover, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }

        /** A few lines for a person. */
        public String summary() {
            final StringBuilder s = new StringBuilder();
            s.append("hosts: ").append(network).append('\n');
            s.append(String.format("  cut off -> declared dead by every survivor  %6d ms (bound %d ms; the bots' client: %d ms)%n",
                detectedMs, boundMs, clientDetectedMs));
            s.append(String.format("  cut off -> its grains answer from survivors %6d ms%n", failoverMs));
            s.append(String.format("  cut off -> it sees itself alone             %6d ms%n", victimAloneMs));
            s.append(String.format("  healed  -> rejoined as a new incarnation    %6d ms (incarnation %d -> %d)%n", rejoinedMs,
                oldIncarnation, newIncarnation));
            s.append(String.format("  healed  -> its grains answer from it again  %6d ms%n", servedByNewIncarnationMs));
            s.append(String.format("  two live activations of one grain at most   %6d ms%s%n", maxDualActivationMs,
                dualActivationWorst.isEmpty() ? "" : " (" + dualActivationWorst + ")"));
            s.append(String.format("  bots: %d calls, %d failed, %d succeeded after the failover%n", botCalls, botFailures,
                botSuccessesAfterFailover));
            s.append(problems.isEmpty() ? "  PASSED" : "  FAILED:");
            for (final String problem : problems) {
                s.append("\n    - ").append(problem);
            }
            return s.toString();
        }
    }

    private final Settings settings;
    private final long pid = ProcessHandle.current().pid();
    private final List<ProbeEvent> probeEvents = new CopyOnWriteArrayList<>();
    private final List<List<ViewEvent>> viewEvents = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** The secret the members' gateways check the bots' tokens with. */
    private final String gatewaySecret = ArenaGateway.newSecret();
    /** The host that is cut off now, or -1: the bots do not try to (re)connect to its gateway meanwhile. */
    private volatile int cutHost = -1;

    public HostsDrill(final Settings settings) {
        this.settings = settings;
        for (int i = 0; i < settings.members(); i++) {
            viewEvents.add(new CopyOnWriteArrayList<>());
        }
    }

    /**
     * Runs the drill on a network of its own; returns what it saw (see {@link Result#problems()});
     * throws when a step does not happen within its bound.
     */
    public Result run() {
        HostNetwork.sweepStale();
        try (HostNetwork network = HostNetwork.create(settings.members())) {
            return run(network);
        }
    }

    /**
     * Runs the drill on {@code network}, which must have a host per member, and which the caller
     * closes (so that it can run a server on the bridge first, e.g. a membership database).
     */
    public Result run(final HostNetwork network) {
        for (int i = 0; i < settings.members(); i++) {
            // a log per run: ChildJvm appends
            IoUtil.delete(settings.logs().resolve("host-" + i + ".log").toFile(), true);
        }
        final List<ChildJvm> members = new ArrayList<>();
        final String clientDir = AeronTransport.Context.DEFAULT_DIRECTORY_PARENT + "/grain-netns-" + pid + "-client";
        AeronTransport transport = null;
        GrainClient client = null;
        try {
            final String key = newClusterKey();
            final List<String> endpoints = new ArrayList<>();
            for (int i = 0; i < settings.members(); i++) {
                endpoints.add(network.hostAddress(i) + ":" + settings.port());
            }
            for (int i = 0; i < settings.members(); i++) {
                members.add(launchMember(network, i, endpoints, key));
            }
            members.forEach(ChildJvm::awaitReady);
            transport = AeronTransport.launch(settings.clientMembership().apply(new AeronTransport.Context()
                .memberId(CLIENT_ID)
                .endpoint(network.bridgeAddress() + ":0")
                .clusterKey(key)
                .client(true)
                .embeddedDirectoryName(clientDir), endpoints, network));
            // the client owns its transport from here on, and closes it
            client = GrainClient.builder().callTimeout(CALL_TIMEOUT).transport(transport).connect();
            final List<String> gateways = new ArrayList<>();
            for (int i = 0; i < settings.members(); i++) {
                gateways.add("ws://" + network.hostAddress(i) + ":" + gatewayPort() + "/grain");
            }
            return drill(network, transport, client, gateways);
        } finally {
            // a client closes its transport; one that never got a client is closed here
            CloseHelper.quietClose(client != null ? client : transport);
            IoUtil.delete(new File(clientDir), true);
            members.forEach(ChildJvm::closeInput);
            members.forEach(ChildJvm::close);
        }
    }

    private Result drill(final HostNetwork network, final AeronTransport transport, final GrainClient client,
        final List<String> gateways) {
        final int victim = settings.victim();
        final int[] all = range(settings.members());
        await(STEP_BOUND, () -> sameMembers(transport.membership().view(), all), () -> "the client sees every member: " + transport.clusterView());
        for (int i = 0; i < settings.members(); i++) {
            final int member = i;
            await(STEP_BOUND, () -> lastView(member) != null && sameMembers(lastView(member).members(), all),
                () -> "member " + member + " sees every member: " + lastView(member));
        }
        final List<String> probes = probesOwnedBy(transport.membership().view(), victim);
        // the bots are game clients of the members' gateways, from the root namespace like the client
        final JwtIssuer issuer = new JwtIssuer(ArenaGateway.decodeSecret(gatewaySecret), ArenaGateway.ISSUER);
        final Supplier<List<String>> reachableGateways = () -> {
            final List<String> reachable = new ArrayList<>(gateways);
            final int cut = cutHost;
            if (cut >= 0) {
                reachable.remove(gateways.get(cut));
            }
            return reachable;
        };
        final BotSwarm swarm = new BotSwarm(reachableGateways, name -> issuer.issue(name, TOKEN_LIFETIME), settings.bots(), "bot");
        boolean swarmClosed = false;
        try {
            await(STEP_BOUND, () -> swarm.stats().calls() - swarm.stats().failures() > settings.bots(), () -> "the bots play");
            await(STEP_BOUND, () -> allAnswerFrom(client, probes, victim, Long.MIN_VALUE), () -> "the probes answer from member " + victim);
            final long oldIncarnation = transport.clusterView().record(victim).incarnation();

            LOG.info("cutting member {} ({}) off", victim, network.hostAddress(victim));
            final long cutAt = System.nanoTime();
            cutHost = victim;
            network.cut(victim);
            final long clientDetected = awaitAt(STEP_BOUND, () -> !transport.membership().view().contains(victim),
                () -> "the client drops member " + victim + ": " + transport.clusterView());
            long detected = 0;
            for (int i = 0; i < settings.members(); i++) {
                if (i != victim) {
                    final int member = i;
                    await(STEP_BOUND, () -> firstViewWithout(member, victim, cutAt) != null,
                        () -> "member " + member + " drops member " + victim + ": " + lastView(member));
                    detected = Math.max(detected, firstViewWithout(member, victim, cutAt).nanos());
                }
            }
            final long failedOver = awaitAt(STEP_BOUND, () -> answerFromSurvivors(client, probes, victim),
                () -> "member " + victim + "'s grains answer from survivors");
            final long successesAtFailover = swarm.stats().calls() - swarm.stats().failures();
            await(STEP_BOUND, () -> swarm.stats().calls() - swarm.stats().failures() > successesAtFailover + settings.bots(),
                () -> "the bots' calls succeed again after the failover");
            // the cut lasts 2 s longer than the bound past the failover, so an activation the cut-off member kept
            // would be live beside the survivors' for longer than the bound; the probes keep answering
            // from the survivors all along
            final long hold = settings.detectionBound().plusSeconds(2).toNanos();
            while (System.nanoTime() - (failedOver + hold) < 0) {
                if (!answerFromSurvivors(client, probes, victim)) {
                    problems.add("during the cut a call to member " + victim + "'s grains failed or did not answer from a survivor: "
                        + answers(client, probes));
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }

            // an observation, not a check: a member on a membership table it cannot reach keeps its last view
            final ViewEvent alone = firstViewAlone(victim, cutAt);
            final long victimAloneMs = alone == null ? -1 : millis(alone.nanos() - cutAt);

            LOG.info("healing member {}", victim);
            final long healedAt = System.nanoTime();
            network.heal(victim);
            cutHost = -1;
            final long rejoined = awaitAt(STEP_BOUND, () -> {
                final MemberRecord r = transport.clusterView().record(victim);
                return transport.membership().view().contains(victim) && r != null && r.incarnation() > oldIncarnation;
            }, () -> "member " + victim + " rejoins as a new incarnation: " + transport.clusterView());
            final long newIncarnation = transport.clusterView().record(victim).incarnation();
            await(STEP_BOUND, () -> lastView(victim) != null && lastView(victim).incarnation() > oldIncarnation,
                () -> "member " + victim + " took a new incarnation itself: " + lastView(victim));
            long served = -1;
            final long servedBound = System.nanoTime() + STEP_BOUND.toNanos();
            while (System.nanoTime() - servedBound < 0) {
                if (allAnswerFrom(client, probes, victim, oldIncarnation + 1)) {
                    served = System.nanoTime();
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            if (served < 0) {
                problems.add("after the heal, member " + victim + "'s grains still answered from activations of its old incarnation "
                    + oldIncarnation + " (or not from it) " + STEP_BOUND.toSeconds() + " s later: " + answers(client, probes));
            }
            final long end = System.nanoTime();
            final DualActivation dual = dualActivation(end);

            final long detectedMs = millis(detected - cutAt);
            final long bound = settings.detectionBound().toMillis();
            if (detectedMs > bound) {
                problems.add("the survivors declared member " + victim + " dead " + detectedMs + " ms after the cut, over the bound of "
                    + bound + " ms");
            }
            if (millis(dual.nanos()) > bound) {
                problems.add("two activations of one grain were live at once for " + millis(dual.nanos()) + " ms, over the bound of "
                    + bound + " ms: " + dual.worst());
            }
            swarm.close();
            swarmClosed = true;
            return new Result(network.toString(), bound, detectedMs, millis(clientDetected - cutAt), millis(failedOver - cutAt),
                victimAloneMs, millis(rejoined - healedAt), served < 0 ? -1 : millis(served - healedAt),
                oldIncarnation, newIncarnation, millis(dual.nanos()), dual.worst(), swarm.stats().calls(), swarm.stats().failures(),
                swarm.stats().calls() - swarm.stats().failures() - successesAtFailover, List.copyOf(problems));
        } finally {
            if (!swarmClosed) {
                swarm.close();
            }
        }
    }

    /** Every member's gateway port (TCP), on its own host's address. */
    private int gatewayPort() {
        return settings.port() + 1;
    }

    private ChildJvm launchMember(final HostNetwork network, final int i, final List<String> endpoints, final String key) {
        final String aeronDir = AeronTransport.Context.DEFAULT_DIRECTORY_PARENT + "/grain-netns-" + pid + "-m" + i;
        final List<String> args = new ArrayList<>(List.of(
            "--id=" + i,
            "--endpoint=" + endpoints.get(i),
            "--seeds=" + String.join(",", endpoints),
            "--aeron-dir=" + aeronDir,
            "--gateway-port=" + gatewayPort(),
            "--until-stdin-closes"));
        for (final String option : settings.memberOptions()) {
            args.add(option.replace(BRIDGE_PLACEHOLDER, network.bridgeAddress()));
        }
        return ChildJvm.builder("host-" + i, ArenaMember.class)
            .launcher(network.exec(i))
            .jvmOptions("-Xmx256m", "-XX:+UseSerialGC",
                // the probes' activation lines and the transport's view changes, above the arena's default of WARN
                "-Dorg.slf4j.simpleLogger.log." + HostProbeGrain.class.getName() + "=info",
                "-Dorg.slf4j.simpleLogger.log.io.grain.transport.aeron.PeerTable=info")
            .args(args)
            .environment(ClusterKey.ENVIRONMENT_VARIABLE, key)
            .environment(ArenaGateway.SECRET_VARIABLE, gatewaySecret)
            .logFile(settings.logs().resolve("host-" + i + ".log"))
            .readyLine("READY", STEP_BOUND)
            .leaveTimeout(Duration.ofSeconds(10))
            .aeronDirectory(Path.of(aeronDir))
            .onOutputLine(line -> onLine(i, line))
            .launch();
    }

    private void onLine(final int host, final String line) {
        final long now = System.nanoTime();
        final Matcher probe = PROBE_LINE.matcher(line);
        if (probe.find()) {
            probeEvents.add(new ProbeEvent(now, "ACTIVATED".equals(probe.group(1)), probe.group(2), Integer.parseInt(probe.group(3)),
                Long.parseLong(probe.group(4)), Long.parseLong(probe.group(5))));
            return;
        }
        final Matcher view = VIEW_LINE.matcher(line);
        if (view.find()) {
            final String ids = view.group(2);
            final int[] members = ids.isEmpty() ? new int[0] : java.util.Arrays.stream(ids.split(",")).mapToInt(Integer::parseInt).toArray();
            viewEvents.get(host).add(new ViewEvent(now, new MembershipView(Long.parseLong(view.group(1)), members),
                Long.parseLong(view.group(3))));
        }
    }

    /**
     * The longest time two activations (different member or activation number) of one probe were
     * both live: each lives from its ACTIVATED line to its DEACTIVATED line, or to {@code end}.
     */
    private DualActivation dualActivation(final long end) {
        final Map<String, Map<String, long[]>> lives = new HashMap<>();
        for (final ProbeEvent e : probeEvents) {
            final long[] life = lives.computeIfAbsent(e.key(), k -> new HashMap<>())
                .computeIfAbsent("member " + e.member() + " incarnation " + e.incarnation() + " activation " + e.activation(),
                    k -> new long[] {Long.MAX_VALUE, end});
            if (e.activated()) {
                life[0] = Math.min(life[0], e.nanos());
            } else {
                life[1] = Math.min(life[1], e.nanos());
            }
        }
        long worst = 0;
        String which = "";
        for (final Map.Entry<String, Map<String, long[]>> grain : lives.entrySet()) {
            final List<Map.Entry<String, long[]>> activations = new ArrayList<>(grain.getValue().entrySet());
            for (int a = 0; a < activations.size(); a++) {
                for (int b = a + 1; b < activations.size(); b++) {
                    final long[] x = activations.get(a).getValue();
                    final long[] y = activations.get(b).getValue();
                    final long overlap = Math.min(x[1], y[1]) - Math.max(x[0], y[0]);
                    if (overlap > worst) {
                        worst = overlap;
                        which = grain.getKey() + ": " + activations.get(a).getKey() + " and " + activations.get(b).getKey();
                    }
                }
            }
        }
        return new DualActivation(worst, which);
    }

    private List<String> probesOwnedBy(final MembershipView view, final int member) {
        final List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < PROBES; i++) {
            final String key = "probe-" + i;
            if (RendezvousPlacement.owner(GrainId.of("host-probe", key), view) == member) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Whether every probe answers from {@code member} at an incarnation of at least {@code minIncarnation}. */
    private static boolean allAnswerFrom(final GrainClient client, final List<String> probes, final int member, final long minIncarnation) {
        final List<ProbeAnswer> answers = answers(client, probes);
        return answers.stream().allMatch(a -> a != null && a.member() == member && a.incarnation() >= minIncarnation);
    }

    private static boolean answerFromSurvivors(final GrainClient client, final List<String> probes, final int victim) {
        return answers(client, probes).stream().allMatch(a -> a != null && a.member() != victim);
    }

    /** Every probe's answer, null for a call that failed. */
    private static List<ProbeAnswer> answers(final GrainClient client, final List<String> probes) {
        final List<CompletableFuture<ProbeAnswer>> calls = new ArrayList<>();
        for (final String key : probes) {
            calls.add(client.grains().get(HostProbe.class, key).where());
        }
        final List<ProbeAnswer> answers = new ArrayList<>();
        for (final CompletableFuture<ProbeAnswer> call : calls) {
            try {
                answers.add(call.get(CALL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (final Exception e) {
                answers.add(null);
            }
        }
        return answers;
    }

    private ViewEvent lastView(final int member) {
        final List<ViewEvent> views = viewEvents.get(member);
        return views.isEmpty() ? null : views.get(views.size() - 1);
    }

    private ViewEvent firstViewWithout(final int member, final int gone, final long after) {
        for (final ViewEvent e : viewEvents.get(member)) {
            if (e.nanos() - after >= 0 && !e.members().contains(gone)) {
                return e;
            }
        }
        return null;
    }

    private ViewEvent firstViewAlone(final int member, final long after) {
        for (final ViewEvent e : viewEvents.get(member)) {
            if (e.nanos() - after >= 0 && e.members().size() <= 1) {
                return e;
            }
        }
        return null;
    }

    private static boolean sameMembers(final MembershipView view, final int[] ids) {
        if (view.size() != ids.length) {
            return false;
        }
        for (final int id : ids) {
            if (!view.contains(id)) {
                return false;
            }
        }
        return true;
    }

    private static int[] range(final int n) {
        final int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    private static void await(final Duration bound, final BooleanSupplier condition, final Supplier<String> what) {
        awaitAt(bound, condition, what);
    }

    /** Polls {@code condition} every 20 ms until it holds, and returns when it did; throws past {@code bound}. */
    private static long awaitAt(final Duration bound, final BooleanSupplier condition, final Supplier<String> what) {
        final long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("not within " + bound.toSeconds() + " s: " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return System.nanoTime();
    }

    private static long millis(final long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String newClusterKey() {
        final byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private record ProbeEvent(long nanos, boolean activated, String key, int member, long incarnation, long activation) {
    }

    private record ViewEvent(long nanos, MembershipView members, long incarnation) {
    }

    private record DualActivation(long nanos, String worst) {
    }
}
