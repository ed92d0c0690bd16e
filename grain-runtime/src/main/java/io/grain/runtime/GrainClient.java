package io.grain.runtime;

import io.grain.runtime.callback.CallbackThreads;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.runtime.transport.Transport;


/**
 * A process that calls grains and hosts none (Orleans' {@code IClusterClient}, Proto.Cluster's
 * client member): a bot, a load driver, a tool, a gateway in front of the cluster. It connects with
 * the members' own transport options, but announces itself as a client, so placement never puts a
 * grain on it, and it has nothing to register.
 *
 * <pre>{@code
 * // members in this JVM
 * try (GrainClient client = GrainClient.builder().network(network).connect()) {
 *     client.grains().get(Player.class, "alice").addScore(10).join();
 * }
 * // members over Aeron: the transport launched in client mode, owned by the client from connect()
 * try (GrainClient client = GrainClient.builder()
 *         .transport(AeronTransport.launch(new AeronTransport.Context()
 *             .memberId(100).endpoint("127.0.0.1:0").seeds("10.0.0.1:7700").client(true)))
 *         .connect()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Calls go from the caller's thread to one of the client's shards (one by default, on its own
 * thread, which also runs the transport's duty cycle when the transport hands it over, as Aeron's
 * does: a client runs no grain code, so nothing can hold it), which routes them to the member that
 * owns the grain; their futures complete on the
 * callback executor, never on a shard thread. Thread safe: {@link #grains()} and
 * {@link #everyMember()} may be used from any thread. {@link #close()} fails the calls still
 * waiting, leaves and closes the transport; closing again does nothing.
 */
public final class GrainClient implements AutoCloseable {
    /** Shards of a client: one thread routes outgoing calls and their replies. */
    public static final int DEFAULT_SHARDS = 1;

    private final GrainMember caller;

    private GrainClient(final GrainMember caller) {
        this.caller = caller;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Clients of grains, wherever placement puts them on the members. */
    public GrainFactory grains() {
        return caller.grains();
    }

    /** Calls to one grain kind and key on every live member at once (the client itself is not one). */
    public EveryMember everyMember() {
        return caller.everyMember();
    }

    /** This client's id in the cluster (its transport's). */
    public int clientId() {
        return caller.memberId();
    }

    /** Fails the calls still waiting, leaves the cluster and closes the transport. Idempotent. */
    @Override
    public void close() {
        caller.close();
    }

    @Override
    public String toString() {
        return "GrainClient " + clientId();
    }

    /**
     * Configures a client: the caller's settings of {@link MemberConfig.CallerSettings} (transport
     * or in-JVM network, id, shards, call timeout, callback executor), and nothing a host has. Not
     * thread safe.
     *
     * <p>Ownership: the client owns the transport it is given from {@link #connect()} on, also when
     * connect fails; {@link GrainClient#close()} closes it. It does not own a callback executor it is
     * given.
     */
    public static final class Builder extends MemberConfig.CallerSettings<Builder> {
        private Builder() {
            super(DEFAULT_SHARDS);
        }

        /**
         * Validates the settings and connects: through the transport given (which must be a client's:
         * {@code AeronTransport.Context.client(true)}, {@link InJvmNetwork#openClient}), or else as a
         * client of the in-JVM network given.
         *
         * @throws IllegalArgumentException naming the setting that is wrong, e.g. a transport that
         *                                  announces itself as hosting grains; the transport is closed then
         */
        public GrainClient connect() {
            final CallbackThreads owned = hasCallbackExecutor() ? null : new CallbackThreads("grain-client-callback-");
            final Transport given = givenTransport();
            if (given == null && networkGiven() == null) {
                if (owned != null) {
                    owned.close();
                }
                throw new IllegalArgumentException("a GrainClient needs members to call: give it their network(..) "
                    + "or a client transport(..)");
            }
            return new GrainClient(GrainMember.start(() -> conclude(false, owned), given, owned,
                GrainMember.Threading.AGENT_RUNNERS, null, true));
        }
    }
}
