package io.grain.runtime.observe;

import io.grain.runtime.dispatch.GrainMethod;

import java.util.List;

/**
 * One grain kind of a member as {@link MemberObserver} sees it: its index (the {@code kind} of
 * every report) and its methods in index order (the {@code method} of {@link MemberObserver#onCall}).
 * Immutable.
 */
public final class ObservedKind {
    private final int index;
    private final String name;
    private final Class<?> grainInterface;
    private final List<GrainMethod> methods;

    public ObservedKind(final int index, final String name, final Class<?> grainInterface, final List<GrainMethod> methods) {
        this.index = index;
        this.name = name;
        this.grainInterface = grainInterface;
        this.methods = List.copyOf(methods);
    }

    public int index() {
        return index;
    }

    /** The kind name from {@code @Grain}. */
    public String name() {
        return name;
    }

    public Class<?> grainInterface() {
        return grainInterface;
    }

    /** The kind's methods; a method's position here is its index in reports. */
    public List<GrainMethod> methods() {
        return methods;
    }

    @Override
    public String toString() {
        return "ObservedKind{" + index + ": " + name + ", " + methods.size() + " methods}";
    }
}
