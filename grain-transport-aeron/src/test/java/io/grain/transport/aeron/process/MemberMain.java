package io.grain.transport.aeron.process;

import io.grain.runtime.GrainMember;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.grains.Tally;
import io.grain.transport.aeron.grains.TallyGrain;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A member process for the multi-process test: {@code MemberMain <id> <host:port> <seeds,comma,separated|-> <aeronDir>}.
 * Hosts {@link Tally} grains over Aeron with the default membership timings, prints
 * {@code READY <endpoint>} when it listens, and leaves gracefully when its standard input closes
 * (so it never outlives the test that started it). A test program: it talks on stdout.
 */
public final class MemberMain {
    private MemberMain() {
    }

    public static void main(final String[] args) throws Exception {
        final int id = Integer.parseInt(args[0]);
        final List<String> seeds = "-".equals(args[2]) ? List.of() : Arrays.asList(args[2].split(","));
        final AeronTransport transport = AeronTransport.launch(new AeronTransport.Context()
            .memberId(id)
            .endpoint(args[1])
            .seeds(seeds)
            .embeddedDirectoryName(args[3]));
        final GrainMember member = GrainMember.builder()
            .shards(1)
            .register(Tally.class, c -> new TallyGrain(c, id))
            .transport(transport)
            .start();
        System.out.println("READY " + transport.endpoint());
        System.out.flush();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for the test to close our stdin (or to die, which closes it too)
        }
        member.close(); // closes the transport it owns
        System.out.println("CLOSED");
    }
}
