package io.grain.gateway;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grain.gateway.auth.Authenticator;
import io.grain.gateway.auth.Authorizer;
import io.grain.gateway.calls.GrainCaller;
import io.grain.gateway.counters.GatewayCounters;
import io.grain.gateway.limits.GatewayLimits;
import io.grain.gateway.netty.ConnectionServices;
import io.grain.gateway.netty.GatewayListeners;
import io.grain.gateway.schema.ClientApi;
import io.grain.gateway.schema.ClientKind;
import io.grain.gateway.schema.GrainSchemas;
import io.grain.gateway.schema.ObserverSchemas;
import io.grain.gateway.session.PushSink;
import io.grain.gateway.session.SessionListener;
import io.grain.gateway.session.SessionRegistry;
import io.grain.gateway.push.PresencePublisher;
import io.grain.gateway.push.Pushes;
import io.grain.annotation.ClientObserver;
import io.grain.runtime.GrainMember;
import io.grain.runtime.dispatch.CallInvoker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A gateway: game clients connect over WebSocket ({@code ws://host:port/grain}) or TCP, authenticate,
 * call the client-callable methods of the grain kinds it exposes, and receive pushes. It runs
 * inside a member (or a client-mode process) and calls grains through that process's
 * {@link CallInvoker}. The protocol is {@code io/grain/gateway/gateway.proto}; docs/GATEWAY.md
 * describes it, the limits and their defaults. Given a {@link Builder#member member} (which called
 * {@code Pushes.register}), it publishes its sessions' presence in the cluster, so pushes through
 * {@code Pushes.observer(..)} from any member reach its clients.
 *
 * <pre>{@code
 * try (GatewayServer gateway = GatewayServer.builder()
 *         .member(member)
 *         .expose(Player.class)
 *         .observer(MatchEvents.class)
 *         .authenticator(new JwtAuthenticator(secret, "arena"))
 *         .authorizer(Authorizers.ownGrainsOnly(Set.of("player")))
 *         .webSocket(new InetSocketAddress("127.0.0.1", 8080))
 *         .start()) {
 *     Pushes.observer(member.grains(), MatchEvents.class, "alice").matchFound("m1", List.of("alice"));
 * }
 * }</pre>
 *
 * <p>Thread safe after {@link Builder#start()}.
 */
public final class GatewayServer implements AutoCloseable {
    /** The WebSocket path. */
    public static final String DEFAULT_WEBSOCKET_PATH = "/grain";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    /** How often a gateway on a member announces its connected sessions' presence again. */
    public static final Duration DEFAULT_PRESENCE_REFRESH = Duration.ofSeconds(30);

    private final GatewayListeners listeners;
    private final PresencePublisher presence;
    private final SessionRegistry sessions;
    private final GatewayCounters counters;
    private final InetSocketAddress webSocketAddress;
    private final InetSocketAddress tcpAddress;

    private GatewayServer(final GatewayListeners listeners, final PresencePublisher presence, final SessionRegistry sessions,
        final GatewayCounters counters, final InetSocketAddress webSocketAddress, final InetSocketAddress tcpAddress) {
        this.listeners = listeners;
        this.presence = presence;
        this.sessions = sessions;
        this.counters = counters;
        this.webSocketAddress = webSocketAddress;
        this.tcpAddress = tcpAddress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the WebSocket listener is bound (the real port when 0 was asked for), or null. */
    public InetSocketAddress webSocketAddress() {
        return webSocketAddress;
    }

    /** Where the TCP listener is bound, or null. */
    public InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    /**
     * Pushes to the clients connected to this gateway only; see {@link PushSink}. Grains push to a
     * player wherever it is connected through {@code Pushes.observer(..)}.
     */
    public PushSink pushes() {
        return sessions;
    }

    /** The sessions held by this gateway. */
    public SessionRegistry sessions() {
        return sessions;
    }

    public GatewayCounters counters() {
        return counters;
    }

    /** Closes the listeners and every connection (each gets Close(SHUTTING_DOWN) first) and ends the sessions. */
    @Override
    public void close() {
        if (presence != null) {
            presence.stopDelivering();
        }
        listeners.close();
        sessions.closeAll();
    }

    /** Configures a gateway. Not thread safe. */
    public static final class Builder {
        private CallInvoker invoker;
        private GrainMember member;
        private Duration presenceRefresh = DEFAULT_PRESENCE_REFRESH;
        private final List<Class<?>> exposed = new ArrayList<>();
        private final List<FileDescriptorSet> schemas = new ArrayList<>();
        private final ObserverSchemas.Builder observers = ObserverSchemas.builder();
        private Authenticator authenticator;
        private Authorizer authorizer;
        private GatewayLimits limits = GatewayLimits.defaults();
        private InetSocketAddress webSocket;
        private String webSocketPath = DEFAULT_WEBSOCKET_PATH;
        private InetSocketAddress tcp;
        private int threads = Runtime.getRuntime().availableProcessors();
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
        }

        /**
         * Calls grains through {@code member}, and publishes the presence of this gateway's
         * sessions in the cluster so that pushes from any member reach them (the member must have
         * called {@code Pushes.register(builder)}, as every member of the cluster must).
         */
        public Builder member(final GrainMember member) {
            invoker(member.invoker());
            this.member = member;
            return this;
        }

        /**
         * How often the presence of the connected sessions is announced again (it rebuilds the
         * presence records of a member that died); default {@link #DEFAULT_PRESENCE_REFRESH}. Keep
         * it below {@code Pushes.PRESENCE_COLLECTION_AGE}.
         */
        public Builder presenceRefresh(final Duration refresh) {
            if (refresh.isNegative() || refresh.isZero() || refresh.compareTo(Pushes.PRESENCE_COLLECTION_AGE) >= 0) {
                throw new IllegalArgumentException("presenceRefresh must be positive and below Pushes.PRESENCE_COLLECTION_AGE ("
                    + Pushes.PRESENCE_COLLECTION_AGE + "): " + refresh);
            }
            this.presenceRefresh = refresh;
            return this;
        }

        /**
         * Calls grains through {@code invoker} (a member's, or a client-mode process's). Such a
         * gateway publishes no presence: grains reach its clients only through {@link GatewayServer#pushes()}
         * of this gateway; give {@link #member} for pushes from anywhere in the cluster.
         */
        public Builder invoker(final CallInvoker invoker) {
            this.invoker = Objects.requireNonNull(invoker, "invoker");
            this.member = null;
            return this;
        }

        /**
         * Offers the {@code @ClientCallable} methods of {@code grainInterface} to clients, with the
         * schema of its class-path resource {@code p/Player.desc} when there is one (without a
         * schema the kind takes calls in the protobuf format only).
         */
        public Builder expose(final Class<?> grainInterface) {
            return expose(grainInterface, GrainSchemas.load(grainInterface));
        }

        /** Offers {@code grainInterface} with {@code schema}, a descriptor set holding its .proto and imports. */
        public Builder expose(final Class<?> grainInterface, final FileDescriptorSet schema) {
            exposed.add(Objects.requireNonNull(grainInterface, "grainInterface"));
            schemas.add(schema);
            return this;
        }

        /**
         * Registers the {@code @ClientObserver} interface {@code observerInterface}: its kind, and
         * its pushes with their messages from the class-path resource {@code p/MatchEvents.desc}
         * the processor wrote.
         *
         * @throws IllegalArgumentException when it is not a {@code @ClientObserver} interface or has no schema.
         */
        public Builder observer(final Class<?> observerInterface) {
            final ClientObserver annotation = observerInterface.getAnnotation(ClientObserver.class);
            if (annotation == null || annotation.value().isEmpty()) {
                throw new IllegalArgumentException(observerInterface.getName() + " is not a @ClientObserver interface with a kind");
            }
            final FileDescriptorSet schema = GrainSchemas.load(observerInterface);
            if (schema == null) {
                throw new IllegalArgumentException("no schema " + GrainSchemas.resourceName(observerInterface) + " for "
                    + observerInterface.getName() + "; is the Grain annotation processor on its compile path?");
            }
            return observer(annotation.value(), GrainSchemas.service(schema, GrainSchemas.serviceName(observerInterface)));
        }

        /** Registers observer kind {@code kind}, whose rpcs are the push methods and their messages. */
        public Builder observer(final String kind, final ServiceDescriptor service) {
            observers.add(kind, Objects.requireNonNull(service, "service"));
            return this;
        }

        /** Required: turns a client's token into a principal. */
        public Builder authenticator(final Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /** Required: decides every call (use {@code Authorizers.allowAll()} to allow every client-callable method). */
        public Builder authorizer(final Authorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        public Builder limits(final GatewayLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Listens for WebSocket clients at {@code address} (port 0: any free port). */
        public Builder webSocket(final InetSocketAddress address) {
            this.webSocket = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The WebSocket path; default {@link #DEFAULT_WEBSOCKET_PATH}. */
        public Builder webSocketPath(final String path) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("a WebSocket path starts with '/': " + path);
            }
            this.webSocketPath = path;
            return this;
        }

        /** Listens for TCP clients at {@code address} (port 0: any free port). */
        public Builder tcp(final InetSocketAddress address) {
            this.tcp = Objects.requireNonNull(address, "address");
            return this;
        }

        /** I/O threads; default: available processors. */
        public Builder threads(final int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The clock of the rate limit; {@code System::nanoTime} by default. */
        public Builder nanoClock(final LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        /**
         * Validates the configuration, binds the listeners and starts serving.
         *
         * @throws IllegalStateException when a required part is missing.
         * @throws IllegalArgumentException when an exposed interface or schema is not usable.
         */
        public GatewayServer start() {
            if (invoker == null) {
                throw new IllegalStateException("set member(..) or invoker(..): the gateway calls grains through it");
            }
            if (authenticator == null) {
                throw new IllegalStateException("set an authenticator(..), e.g. a JwtAuthenticator");
            }
            if (authorizer == null) {
                throw new IllegalStateException("set an authorizer(..); Authorizers.allowAll() lets every client call every "
                    + "client-callable method");
            }
            if (webSocket == null && tcp == null) {
                throw new IllegalStateException("set webSocket(..), tcp(..) or both: the gateway needs somewhere to listen");
            }
            if (exposed.isEmpty()) {
                throw new IllegalStateException("expose(..) at least one grain interface with @ClientCallable methods");
            }
            final ClientApi.Builder api = ClientApi.builder();
            for (int i = 0; i < exposed.size(); i++) {
                api.expose(exposed.get(i), schemas.get(i));
            }
            final ClientApi clientApi = api.build();
            for (final ClientKind kind : clientApi.kinds().values()) {
                if (kind.methods().iterator().next().request() == null) {
                    LOG.warn("grain kind '{}' has no schema ({} not found): its calls are taken in the protobuf format only",
                        kind.kind(), GrainSchemas.resourceName(kind.dispatcher().grainInterface()));
                }
            }
            final GatewayCounters counters = new GatewayCounters();
            final GatewayListeners listeners = new GatewayListeners(threads);
            final PresencePublisher presence = member == null ? null : new PresencePublisher(member);
            try {
                final ObserverSchemas observerSchemas = observers.build();
                final SessionRegistry sessions = new SessionRegistry(limits, counters, observerSchemas, listeners.scheduler(),
                    presence == null ? SessionListener.NONE : presence);
                if (presence != null) {
                    presence.deliverTo(sessions);
                    final long refresh = presenceRefresh.toMillis();
                    listeners.scheduler().scheduleAtFixedRate(sessions::announceConnected, refresh, refresh, TimeUnit.MILLISECONDS);
                }
                final ConnectionServices services = new ConnectionServices(clientApi, observerSchemas, new GrainCaller(invoker),
                    authenticator, authorizer, sessions, limits, counters, nanoClock);
                final InetSocketAddress wsAddress = webSocket == null ? null : listeners.bindWebSocket(webSocket, webSocketPath, services);
                final InetSocketAddress tcpAddress = tcp == null ? null : listeners.bindTcp(tcp, services);
                LOG.info("gateway listening: websocket {}, tcp {}, kinds {}", wsAddress, tcpAddress, clientApi.kinds().keySet());
                return new GatewayServer(listeners, presence, sessions, counters, wsAddress, tcpAddress);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                stopDelivering(presence);
                listeners.close();
                throw new IllegalStateException("interrupted while binding the gateway's listeners", e);
            } catch (final RuntimeException e) {
                stopDelivering(presence);
                listeners.close();
                throw e;
            }
        }

        private static void stopDelivering(final PresencePublisher presence) {
            if (presence != null) {
                presence.stopDelivering();
            }
        }
    }
}
