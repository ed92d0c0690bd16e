package io.grain.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The child the launcher's tests start. Its first argument says what it does:
 * <ul>
 *   <li>{@code serve <dir>}: creates {@code dir} (an Aeron directory stand-in), prints
 *       {@code READY <GRAIN_TEST_VALUE>}, reads standard input until it closes, prints {@code LEAVING}
 *       and exits with 0;</li>
 *   <li>{@code deaf}: prints {@code READY deaf}, then ignores its input and never exits by itself;</li>
 *   <li>{@code die}: prints two lines (one on standard error) and exits with 3 before any ready line;</li>
 *   <li>{@code silent}: prints one line, then never a ready line and never exits by itself;</li>
 *   <li>{@code report}: prints {@code RESULT} lines and exits with 0;</li>
 *   <li>{@code parent <dir>}: starts a {@code serve <dir>} child of its own, prints
 *       {@code CHILD <pid>} and exits without closing it.</li>
 * </ul>
 */
public final class TestChild {
    private TestChild() {
    }

    public static void main(final String[] args) throws IOException, InterruptedException {
        switch (args[0]) {
            case "serve":
                Files.createDirectories(Path.of(args[1]));
                Files.writeString(Path.of(args[1]).resolve("cnc.dat"), "stand-in");
                System.out.println("READY " + System.getenv("GRAIN_TEST_VALUE"));
                while (System.in.read() != -1) {
                    // nothing to do with the input; its end is the cue to leave
                }
                System.out.println("LEAVING");
                System.exit(0);
                break;
            case "deaf":
                System.out.println("READY deaf");
                new CountDownLatch(1).await();
                break;
            case "die":
                System.out.println("starting up");
                System.err.println("fatal: the port is taken");
                System.exit(3);
                break;
            case "silent":
                System.out.println("thinking");
                new CountDownLatch(1).await();
                break;
            case "parent":
                final ChildJvm child = ChildJvm.builder("grandchild", TestChild.class).args("serve", args[1])
                    .environment("GRAIN_TEST_VALUE", "g").readyLine("READY", Duration.ofSeconds(60))
                    .leaveTimeout(Duration.ofSeconds(60)).aeronDirectory(Path.of(args[1])).start();
                System.out.println("CHILD " + child.pid());
                System.exit(0); // without closing the child: the shutdown hook must
                break;
            case "report":
                System.out.println("RESULT a 1.5");
                System.out.println("RESULT b 2.5");
                System.exit(0);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }
}
