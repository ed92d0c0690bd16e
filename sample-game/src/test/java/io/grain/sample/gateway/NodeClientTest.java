package io.grain.sample.gateway;

import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerProfile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client in another language: {@code src/test/node/client.js}, a Node.js program written from
 * {@code gateway.proto} and the generated grain {@code .proto} files alone (read at run time with
 * protobufjs, binary Protobuf frames over the {@code ws} package), logs in to a member's gateway,
 * plays one match against three bots and reports its placement. Its npm packages are installed
 * with {@code npm ci} from the committed lock file. Skipped with a message when Node.js or npm is
 * missing, except in CI ({@code CI} set), where it must run.
 */
class NodeClientTest {
    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final Path WORK = Path.of("target", "node-client");
    private static final List<String> PROTOS = List.of("io/grain/gateway/gateway.proto", "io/grain/sample/arena/Player.proto",
        "io/grain/sample/arena/Match.proto", "io/grain/sample/arena/MatchEvents.proto");

    @TempDir
    Path protos;

    @Test
    @Timeout(600)
    void aNodeClientPlaysAMatchFromTheProtoFilesAlone() throws Exception {
        requireTool("node", "Node.js 18 or newer (e.g. apt-get install nodejs npm)");
        requireTool("npm", "npm (e.g. apt-get install npm)");
        installPackages();
        for (final String proto : PROTOS) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(proto)) {
                assertTrue(in != null, "on the class path: " + proto);
                final Path target = protos.resolve(proto);
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
        try (LocalArena arena = new LocalArena(2).withBots(3)) {
            final Path log = WORK.resolve("client.log");
            final Process node = new ProcessBuilder("node", "client.js", arena.gateway(1).webSocketUrl(), arena.token("nodeplayer"),
                "nodeplayer", protos.toAbsolutePath().toString())
                .directory(WORK.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            final boolean exited = node.waitFor(300, TimeUnit.SECONDS);
            if (!exited) {
                node.destroyForcibly();
            }
            final String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.print(output);
            assertTrue(exited, "the node client finished:\n" + output);
            assertEquals(0, node.exitValue(), output);
            assertTrue(output.contains("welcome: principal nodeplayer"), output);
            assertTrue(output.matches("(?s).*match \\d+ finished after \\d+ ticks: placed [1-4] of 4.*"), output);
            // the match it played counts for its player like any other
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            PlayerProfile now = arena.member(0).grains().get(Player.class, "nodeplayer").profile().join();
            while (now.stats().matches() < 1 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                now = arena.member(0).grains().get(Player.class, "nodeplayer").profile().join();
            }
            assertEquals(1, now.stats().matches(), "the node player's match was recorded: " + now);
        }
    }

    /** npm ci into target/node-client from the committed package.json and lock file (again only when they changed). */
    private static void installPackages() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        boolean changed = false;
        for (final String file : List.of("package.json", "package-lock.json", "client.js")) {
            final Path source = SOURCES.resolve(file);
            final Path target = WORK.resolve(file);
            if (!Files.exists(target) || Files.mismatch(source, target) != -1) {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                changed |= !file.equals("client.js");
            }
        }
        if (!changed && Files.isDirectory(WORK.resolve("node_modules"))) {
            return;
        }
        final Path log = WORK.resolve("npm-ci.log");
        final Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final boolean exited = npm.waitFor(300, TimeUnit.SECONDS);
        if (!exited) {
            npm.destroyForcibly();
        }
        assertTrue(exited && npm.exitValue() == 0, "npm ci failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Skips the test when {@code tool} does not run, unless in CI, where it fails. */
    private static void requireTool(final String tool, final String install) throws InterruptedException {
        boolean present;
        try {
            final Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (final IOException e) {
            present = false;
        }
        if (System.getenv("CI") != null) {
            assertTrue(present, tool + " is needed in CI: install " + install);
        }
        Assumptions.assumeTrue(present, "skipped: " + tool + " is not installed; install " + install + " to run the Node.js client test");
    }
}
