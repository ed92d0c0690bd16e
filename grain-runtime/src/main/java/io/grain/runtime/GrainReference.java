package io.grain.runtime;

/**
 * Implemented by every generated client: the identity of the grain it calls. Grain references
 * travel on the wire as their {@link GrainId} and arrive as a working client of the receiving
 * member, so a grain may pass itself ({@code GrainContext.self}) or another grain to a call.
 */
public interface GrainReference {
    GrainId grainId();
}
