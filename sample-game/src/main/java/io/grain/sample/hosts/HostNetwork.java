package io.grain.sample.hosts;

import io.grain.transport.aeron.AeronTransport;
import org.agrona.IoUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Separate hosts on one Linux machine: one network namespace per host, each joined to a bridge in
 * the root namespace by a veth pair, each with its own address on a /24 of the benchmarking range
 * 198.18.0.0/15 (RFC 2544, never routed on the internet nor used by a LAN). The bridge holds the
 * subnet's {@code .1}, so processes in the root namespace (the drill's bots) are a host too; host
 * {@code i} is {@code .(10 + i)}. {@link #cut(int)} takes a host off the network by setting its
 * link down, {@link #heal(int)} puts it back.
 *
 * <p>Names carry this JVM's pid ({@code grainns-<pid>-h<i>}, bridge {@code gbr<pid>}, links
 * {@code gv<pid>h<i>} in the root namespace and {@code gp<pid>h<i>} in the host's), so parallel runs
 * never collide and {@link #sweepStale()} can remove what a run that died left behind. Needs root
 * and the {@code ip} command. Not thread safe: one thread sets the network up, cuts, heals and
 * closes it.
 */
public final class HostNetwork implements AutoCloseable {
    /** Prefix of every namespace this class makes. */
    static final String NAMESPACE_PREFIX = "grainns-";
    private static final Logger LOG = LoggerFactory.getLogger(HostNetwork.class);
    private static final long COMMAND_TIMEOUT_SECONDS = 20;
    private static final Pattern OWNED_NAMESPACE = Pattern.compile("^" + NAMESPACE_PREFIX + "(\\d+)-h\\d+$");
    /** The Aeron directories of a drill's members and client ({@link HostsDrill}). */
    private static final Pattern OWNED_AERON_DIRECTORY = Pattern.compile("^grain-netns-(\\d+)-.*$");
    private static final Pattern OWNED_LINK = Pattern.compile("^(?:gbr|gv)(\\d+)(?:h\\d+)?$");

    private final long pid = ProcessHandle.current().pid();
    private final String subnet;
    private final int hosts;
    private final List<String> made = new ArrayList<>();
    private boolean bridgeMade;

    private HostNetwork(final String subnet, final int hosts) {
        this.subnet = subnet;
        this.hosts = hosts;
    }

    /**
     * Makes {@code hosts} namespaces on a bridge, on a free /24 of 198.18.0.0/15 chosen from this
     * JVM's pid; on any failure removes what it made and throws.
     */
    public static HostNetwork create(final int hosts) {
        final HostNetwork network = new HostNetwork(freeSubnet(), hosts);
        try {
            network.setUp();
            return network;
        } catch (final RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /**
     * Why this process cannot make namespaces (not root, no {@code ip} command, no permission), or
     * null when it can: it makes and deletes one to find out.
     */
    public static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root (network namespaces, veth links and a bridge), runs as " + System.getProperty("user.name");
        }
        // root without the capability (a container, say) cannot make namespaces: try one
        final String trial = NAMESPACE_PREFIX + ProcessHandle.current().pid() + "-h999";
        try {
            run(List.of("ip", "netns", "add", trial));
            run(List.of("ip", "netns", "del", trial));
            return null;
        } catch (final RuntimeException e) {
            quietly(List.of("ip", "netns", "del", trial));
            return "cannot make a network namespace here: " + e.getMessage();
        }
    }

    /**
     * Removes namespaces, bridges and links of earlier runs whose JVM is gone (a run killed before
     * it could clean up), and their drills' Aeron directories; leaves those of live runs alone.
     * Returns how many it removed.
     */
    public static int sweepStale() {
        int removed = 0;
        for (final String line : run(List.of("ip", "netns", "list")).split("\n")) {
            final String name = line.trim().split("\\s+")[0];
            final Matcher m = OWNED_NAMESPACE.matcher(name);
            if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                quietly(List.of("ip", "netns", "del", name));
                removed++;
            }
        }
        for (final String line : run(List.of("ip", "-o", "link", "show")).split("\n")) {
            final String[] fields = line.split(":\\s+", 3);
            if (fields.length < 2) {
                continue;
            }
            final String name = fields[1].split("@")[0].trim();
            final Matcher m = OWNED_LINK.matcher(name);
            if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                quietly(List.of("ip", "link", "del", name));
                removed++;
            }
        }
        final File[] directories = new File(AeronTransport.Context.DEFAULT_DIRECTORY_PARENT).listFiles();
        for (final File directory : directories == null ? new File[0] : directories) {
            final Matcher m = OWNED_AERON_DIRECTORY.matcher(directory.getName());
            if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                IoUtil.delete(directory, true);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("removed {} namespaces, links and Aeron directories left by earlier runs", removed);
        }
        return removed;
    }

    /** Address of host {@code i} in its namespace. */
    public String hostAddress(final int i) {
        return subnet + "." + (10 + i);
    }

    /** Address of the bridge in the root namespace, where this process (and anything it runs directly) is a host too. */
    public String bridgeAddress() {
        return subnet + ".1";
    }

    /** The subnet, e.g. {@code 198.18.37.0/24}. */
    public String subnet() {
        return subnet + ".0/24";
    }

    /** Name of host {@code i}'s namespace. */
    public String namespace(final int i) {
        return NAMESPACE_PREFIX + pid + "-h" + i;
    }

    /** The command that runs its arguments in host {@code i}'s namespace: {@code ip netns exec <namespace>}. */
    public List<String> exec(final int i) {
        return List.of("ip", "netns", "exec", namespace(i));
    }

    /** Takes host {@code i} off the network: its link to the bridge goes down; nothing in or out. */
    public void cut(final int i) {
        run(List.of("ip", "link", "set", rootLink(i), "down"));
    }

    /** Puts host {@code i} back on the network. */
    public void heal(final int i) {
        run(List.of("ip", "link", "set", rootLink(i), "up"));
    }

    /**
     * Deletes every namespace (which takes its end of the veth pair, and so the pair, with it) and
     * the bridge. Goes on past failures, so one missing piece never leaves the rest behind.
     */
    @Override
    public void close() {
        for (final String namespace : made) {
            quietly(List.of("ip", "netns", "del", namespace));
        }
        for (int i = 0; i < hosts; i++) {
            quietly(List.of("ip", "link", "del", rootLink(i)));
        }
        made.clear();
        if (bridgeMade) {
            quietly(List.of("ip", "link", "del", bridge()));
            bridgeMade = false;
        }
    }

    @Override
    public String toString() {
        return "hosts " + hostAddress(0) + ".." + hostAddress(hosts - 1) + " on bridge " + bridge() + " (" + bridgeAddress() + ")";
    }

    private void setUp() {
        bridgeMade = true;
        run(List.of("ip", "link", "add", bridge(), "type", "bridge"));
        run(List.of("ip", "addr", "add", bridgeAddress() + "/24", "dev", bridge()));
        run(List.of("ip", "link", "set", bridge(), "up"));
        for (int i = 0; i < hosts; i++) {
            final String namespace = namespace(i);
            made.add(namespace);
            run(List.of("ip", "netns", "add", namespace));
            run(List.of("ip", "link", "add", rootLink(i), "type", "veth", "peer", "name", hostLink(i)));
            run(List.of("ip", "link", "set", hostLink(i), "netns", namespace));
            run(List.of("ip", "link", "set", rootLink(i), "master", bridge()));
            run(List.of("ip", "link", "set", rootLink(i), "up"));
            run(List.of("ip", "-n", namespace, "addr", "add", hostAddress(i) + "/24", "dev", hostLink(i)));
            run(List.of("ip", "-n", namespace, "link", "set", hostLink(i), "up"));
            run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
        }
        LOG.info("{}", this);
    }

    private String bridge() {
        return "gbr" + pid;
    }

    private String rootLink(final int i) {
        return "gv" + pid + "h" + i;
    }

    private String hostLink(final int i) {
        return "gp" + pid + "h" + i;
    }

    /** A /24 of 198.18.0.0/15 that no interface of the root namespace is on, starting from one chosen by the pid. */
    private static String freeSubnet() {
        final String addresses = run(List.of("ip", "-o", "-4", "addr", "show"));
        final long start = ProcessHandle.current().pid() % 512;
        for (int i = 0; i < 512; i++) {
            final long n = (start + i) % 512;
            final String candidate = "198." + (18 + n / 256) + "." + (n % 256);
            if (!addresses.contains(" " + candidate + ".")) {
                return candidate;
            }
        }
        throw new IllegalStateException("every /24 of 198.18.0.0/15 is in use on this machine");
    }

    private static boolean alive(final long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void quietly(final List<String> command) {
        try {
            run(command);
        } catch (final RuntimeException e) {
            LOG.debug("{}", e.getMessage());
        }
    }

    /** Runs {@code command}, waiting at most 20 s; returns its output, or throws with it when it fails. */
    static String run(final List<String> command) {
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            final byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            final String output = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.trim());
            }
            return output;
        } catch (final IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
