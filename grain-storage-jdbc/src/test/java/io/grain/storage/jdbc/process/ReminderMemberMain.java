package io.grain.storage.jdbc.process;

import io.grain.runtime.GrainMember;
import io.grain.storage.jdbc.JdbcStorage;
import io.grain.storage.jdbc.grains.Pinger;
import io.grain.storage.jdbc.grains.PingerGrain;
import io.grain.transport.aeron.AeronTransport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A member process of {@link ReminderRestartProcessTest}:
 * {@code ReminderMemberMain <id> <host:port> <seeds,comma,separated|-> <aeronDir> <sqlite file> <arm|->}.
 * Hosts {@link Pinger} grains over Aeron on a {@code JdbcStorage} on the SQLite file the members
 * share, with reminders allowed down to one second and scanned every second. Prints
 * {@code READY <endpoint>}; with {@code arm} it then registers reminder "ping" of pinger "p" and
 * prints {@code ARMED} once the reminder is stored. Leaves when its standard input closes. A test
 * program: it talks on stdout.
 */
public final class ReminderMemberMain {
    /** When the reminder armed by the first cluster is due: long enough to SIGKILL every member first. */
    static final long DUE_MILLIS = 15_000;
    static final long PERIOD_MILLIS = 60_000;

    private ReminderMemberMain() {
    }

    public static void main(final String[] args) throws Exception {
        final int id = Integer.parseInt(args[0]);
        final List<String> seeds = "-".equals(args[2]) ? List.of() : Arrays.asList(args[2].split(","));
        final JdbcStorage storage = JdbcStorage.sqlite(Path.of(args[4]));
        final AeronTransport transport = AeronTransport.launch(new AeronTransport.Context()
            .memberId(id)
            .endpoint(args[1])
            .seeds(seeds)
            .embeddedDirectoryName(args[3]));
        final GrainMember member = GrainMember.builder()
            .shards(1)
            .storage(storage)
            .reminderMinimumPeriod(Duration.ofSeconds(1))
            .reminderScanInterval(Duration.ofSeconds(1))
            .register(Pinger.class, c -> new PingerGrain(c, id))
            .transport(transport)
            .start();
        System.out.println("READY " + transport.endpoint());
        System.out.flush();
        if ("arm".equals(args[5])) {
            member.grains().get(Pinger.class, "p").arm(DUE_MILLIS, PERIOD_MILLIS).join();
            System.out.println("ARMED");
            System.out.flush();
        }
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for the test to close our stdin (or to die, which closes it too)
        }
        member.close();
        storage.close();
        System.out.println("CLOSED");
    }
}
