package io.grain.runtime.member;

import io.grain.runtime.GrainContext;
import io.grain.runtime.Supervision;
import io.grain.runtime.dispatch.GrainDispatcher;

import java.util.function.Function;

/**
 * One grain kind a member hosts: its dispatcher, the factory of implementations, its collection
 * age and its supervision. Immutable.
 */
public final class KindRegistration {
    private final GrainDispatcher<Object> dispatcher;
    private final Function<GrainContext, ?> factory;
    private final long collectionAgeMillis;
    private final Supervision supervision;

    public KindRegistration(final GrainDispatcher<?> dispatcher, final Function<GrainContext, ?> factory, final long collectionAgeMillis) {
        this(dispatcher, factory, collectionAgeMillis, Supervision.DEFAULT);
    }

    @SuppressWarnings("unchecked")
    public KindRegistration(final GrainDispatcher<?> dispatcher, final Function<GrainContext, ?> factory, final long collectionAgeMillis,
        final Supervision supervision) {
        this.dispatcher = (GrainDispatcher<Object>)dispatcher;
        this.factory = factory;
        this.collectionAgeMillis = collectionAgeMillis;
        this.supervision = supervision;
    }

    /** What a failure of this kind does. */
    public Supervision supervision() {
        return supervision;
    }

    public String kind() {
        return dispatcher.kind();
    }

    public GrainDispatcher<Object> dispatcher() {
        return dispatcher;
    }

    public Function<GrainContext, ?> factory() {
        return factory;
    }

    /** How long an activation may stay idle before it is collected; 0 uses the member's default. */
    public long collectionAgeMillis() {
        return collectionAgeMillis;
    }

    /** {@code @StatelessWorker(max)}, or 0. */
    public int statelessWorkerMax() {
        return dispatcher.statelessWorkerMax();
    }

    public boolean reentrant() {
        return dispatcher.reentrant();
    }
}
