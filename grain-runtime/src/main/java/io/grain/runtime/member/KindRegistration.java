package io.grain.runtime.member;

import io.grain.runtime.GrainContext;
import io.grain.runtime.Supervision;
import io.grain.runtime.dispatch.GrainDispatcher;

import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.observe.ObservedKind;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One grain kind a member hosts: its dispatcher, the factory of implementations, its collection
 * age and its supervision, and (once the member's configuration is built) its index among the
 * member's kinds and its methods' indexes, which metrics use instead of names. Immutable.
 */
public final class KindRegistration {
    private final GrainDispatcher<Object> dispatcher;
    private final Function<GrainContext, ?> factory;
    private final long collectionAgeMillis;
    private final Supervision supervision;
    private final int index;
    /** The method ids in ascending order; a method's index is its position here. */
    private final int[] methodIds;
    private final List<GrainMethod> methodsByIndex;

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
        this.index = -1;
        final GrainMethod[] methods = this.dispatcher.methods().toArray(new GrainMethod[0]);
        Arrays.sort(methods, (a, b) -> Integer.compare(a.id(), b.id()));
        this.methodIds = new int[methods.length];
        for (int i = 0; i < methods.length; i++) {
            methodIds[i] = methods[i].id();
        }
        this.methodsByIndex = List.of(methods);
    }

    private KindRegistration(final KindRegistration registration, final int index) {
        this.dispatcher = registration.dispatcher;
        this.factory = registration.factory;
        this.collectionAgeMillis = registration.collectionAgeMillis;
        this.supervision = registration.supervision;
        this.index = index;
        this.methodIds = registration.methodIds;
        this.methodsByIndex = registration.methodsByIndex;
    }

    /** This registration as the kind at {@code index} of a member's configuration. */
    KindRegistration withIndex(final int index) {
        return new KindRegistration(this, index);
    }

    /** The kind's position among its member's kinds (-1 before the configuration is built). */
    public int index() {
        return index;
    }

    /** The index of the method with {@code methodId} (a binary search, no hashing), or -1. */
    public int methodIndex(final int methodId) {
        final int i = Arrays.binarySearch(methodIds, methodId);
        return i >= 0 ? i : -1;
    }

    /** This kind as a member observer sees it. */
    public ObservedKind observed() {
        return new ObservedKind(index, kind(), dispatcher.grainInterface(), methodsByIndex);
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
