package io.grain.benchmarks.pekko;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The Pekko twin of the benchmark's {@code Echo} grain: a sharded entity that answers an int
 * with the same int, so both sides carry the same payload.
 */
public final class EchoProtocol {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "echo");

    private EchoProtocol() {
    }

    /** What the entity accepts. */
    public interface Command {
    }

    /** A request: answer {@code value} to {@code replyTo}. */
    public record Ping(int value, ActorRef<Pong> replyTo) implements Command {
    }

    /** The answer. */
    public record Pong(int value) {
    }

    /** The entity: stateless, answers every ping at once. */
    public static Behavior<Command> entity() {
        return Behaviors.receive(Command.class)
            .onMessage(Ping.class, ping -> {
                ping.replyTo().tell(new Pong(ping.value()));
                return Behaviors.same();
            })
            .build();
    }
}
