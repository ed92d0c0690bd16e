package io.grain.runtime.shard;

import io.grain.runtime.EveryMember;
import io.grain.runtime.GrainId;
import io.grain.runtime.MemberReply;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainKeys;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.member.Dispatchers;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link EveryMember} of one member: for each member of its current view, a generated client whose
 * calls are pinned to that member ({@link Envelope#pinned}: not placed, never forwarded), through
 * the member's own invoker, so calls from grain code keep their call chain and complete on the
 * activation's thread. Thread safe.
 */
public final class EveryMemberCalls implements EveryMember {
    private final MemberRuntime member;

    public EveryMemberCalls(final MemberRuntime member) {
        this.member = member;
    }

    @Override
    public <G, R> CompletableFuture<List<MemberReply<R>>> call(final Class<G> grainInterface, final String key,
        final Function<? super G, ? extends CompletionStage<R>> call) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        return callAll(d, GrainId.of(d.kind(), key), call);
    }

    @Override
    public <G, R> CompletableFuture<List<MemberReply<R>>> call(final Class<G> grainInterface, final long key,
        final Function<? super G, ? extends CompletionStage<R>> call) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        return callAll(d, GrainId.of(d.kind(), key), call);
    }

    @Override
    public <G, R> CompletableFuture<List<MemberReply<R>>> call(final Class<G> grainInterface, final UUID key,
        final Function<? super G, ? extends CompletionStage<R>> call) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        return callAll(d, GrainId.of(d.kind(), key), call);
    }

    @Override
    public <G> int send(final Class<G> grainInterface, final String key, final Consumer<? super G> send) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        return sendAll(d, GrainId.of(d.kind(), key), send);
    }

    @Override
    public <G> int send(final Class<G> grainInterface, final long key, final Consumer<? super G> send) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        return sendAll(d, GrainId.of(d.kind(), key), send);
    }

    @Override
    public <G> int send(final Class<G> grainInterface, final UUID key, final Consumer<? super G> send) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        return sendAll(d, GrainId.of(d.kind(), key), send);
    }

    @Override
    public <G> G on(final int memberId, final Class<G> grainInterface, final String key) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        final GrainId id = GrainId.of(d.kind(), key);
        GrainKeys.check(d, id.keyType());
        return d.newClient(id, new PinnedInvoker(member, memberId));
    }

    private <G, R> CompletableFuture<List<MemberReply<R>>> callAll(final GrainDispatcher<G> dispatcher, final GrainId id,
        final Function<? super G, ? extends CompletionStage<R>> call) {
        Objects.requireNonNull(call, "call");
        GrainKeys.check(dispatcher, id.keyType());
        final MembershipView view = member.config().membership().view();
        final int n = view.size();
        if (n == 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        @SuppressWarnings("unchecked")
        final MemberReply<R>[] replies = new MemberReply[n];
        final AtomicInteger remaining = new AtomicInteger(n);
        final CompletableFuture<List<MemberReply<R>>> all = new CompletableFuture<>();
        for (int i = 0; i < n; i++) {
            final int slot = i;
            final int target = view.member(i);
            CompletionStage<R> stage;
            try {
                stage = call.apply(dispatcher.newClient(id, new PinnedInvoker(member, target)));
                if (stage == null) {
                    stage = CompletableFuture.failedFuture(new NullPointerException("the call for member " + target
                        + " returned no future"));
                }
            } catch (final RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((value, error) -> {
                replies[slot] = new MemberReply<>(target, error == null ? value : null, error == null ? null : unwrap(error));
                // the decrement publishes this reply to whoever completes the list
                if (remaining.decrementAndGet() == 0) {
                    all.complete(Collections.unmodifiableList(Arrays.asList(replies)));
                }
            });
        }
        return all;
    }

    private <G> int sendAll(final GrainDispatcher<G> dispatcher, final GrainId id, final Consumer<? super G> send) {
        Objects.requireNonNull(send, "send");
        GrainKeys.check(dispatcher, id.keyType());
        final MembershipView view = member.config().membership().view();
        for (int i = 0; i < view.size(); i++) {
            send.accept(dispatcher.newClient(id, new PinnedInvoker(member, view.member(i))));
        }
        return view.size();
    }

    private static Throwable unwrap(final Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** The member's invoker with every call pinned to one member. */
    private static final class PinnedInvoker implements CallInvoker {
        private final MemberRuntime member;
        private final int target;

        PinnedInvoker(final MemberRuntime member, final int target) {
            this.member = member;
            this.target = target;
        }

        @Override
        public OutboundCall begin(final GrainId id, final GrainMethod method) {
            final Envelope call = (Envelope)member.invoker().begin(id, method);
            // a member outside the view would never answer: NO_MEMBER makes the invoker fail the call at once
            call.targetMember = target == member.memberId() || member.config().membership().view().contains(target)
                ? target : RendezvousPlacement.NO_MEMBER;
            call.byReference = target == member.memberId();
            call.pinned = true;
            return call;
        }
    }
}
