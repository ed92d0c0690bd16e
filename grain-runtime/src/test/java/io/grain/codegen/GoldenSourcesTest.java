package io.grain.codegen;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.grain.processor.GrainProcessor;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated code of a representative grain and stored record, compared with reviewed golden files, and all
 * generated code compiled with every lint warning as an error. To accept a deliberate change of
 * the generated code, run with {@code -Dgrain.golden.update=true} and review the diff.
 */
class GoldenSourcesTest {
    private static final Path GOLDEN = Paths.get("src/test/resources/golden/game");
    private static final List<String> GENERATED = List.of("PlayerClient.java", "PlayerDispatcher.java", "PlayerCodec.java",
        "PlayerStub.java", "Player.proto");
    /** Every lint but "processing", which is about annotation processors, not the code they write. */
    private static final List<String> STRICT = List.of("-Xlint:all,-processing", "-Werror");

    private static Compilation compile(final JavaFileObject... sources) {
        return javac().withProcessors(new GrainProcessor()).withOptions(STRICT).withClasspath(classpathWithoutTests()).compile(sources);
    }

    /** This module's main classes and dependencies, without the test classes generated from the same sources. */
    private static List<File> classpathWithoutTests() {
        final List<File> files = new ArrayList<>();
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith("test-classes")) {
                files.add(new File(entry));
            }
        }
        return files;
    }

    private static void assertCleanCompile(final Compilation compilation) {
        assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> "diagnostics: " + compilation.diagnostics());
        for (final Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
            assertTrue(diagnostic.getKind() == Diagnostic.Kind.NOTE, () -> "unexpected diagnostic: " + diagnostic);
        }
    }

    @Test
    void representativeGrainMatchesTheGoldenFiles() throws IOException {
        final Compilation compilation = compile(JavaFileObjects.forResource(GOLDEN.resolve("Player.java").toUri().toURL()));
        assertCleanCompile(compilation);
        assertMatchesGolden(compilation, GENERATED);
    }

    @Test
    void aDeclaredKeyTypeIsRecordedInTheDispatcherAndAnUndeclaredOneIsNot() throws IOException {
        final Compilation compilation = compile(
            JavaFileObjects.forSourceLines("keys.Room",
                "package keys;",
                "import io.grain.annotation.Grain;",
                "import io.grain.annotation.KeyType;",
                "import java.util.concurrent.CompletableFuture;",
                "@Grain(value = \"room\", key = KeyType.LONG)",
                "public interface Room { CompletableFuture<Integer> size(); }"),
            JavaFileObjects.forSourceLines("keys.Lobby",
                "package keys;",
                "import io.grain.annotation.Grain;",
                "import java.util.concurrent.CompletableFuture;",
                "@Grain(\"lobby\")",
                "public interface Lobby { CompletableFuture<Integer> size(); }"));
        assertCleanCompile(compilation);
        final String room = compilation.generatedSourceFile("keys.RoomDispatcher").orElseThrow().getCharContent(true).toString();
        assertTrue(room.contains("public KeyType keyType() {") && room.contains("return KeyType.LONG;"), room);
        final String lobby = compilation.generatedSourceFile("keys.LobbyDispatcher").orElseThrow().getCharContent(true).toString();
        assertTrue(!lobby.contains("keyType"), lobby);
    }

    private static void assertMatchesGolden(final Compilation compilation, final List<String> generatedNames) throws IOException {
        final boolean update = Boolean.getBoolean("grain.golden.update");
        for (final String name : generatedNames) {
            final JavaFileObject generated = name.endsWith(".proto")
                ? compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "game", name).orElseThrow()
                : compilation.generatedSourceFile("game." + name.replace(".java", "")).orElseThrow();
            final String actual = generated.getCharContent(true).toString();
            final Path golden = GOLDEN.resolve(name + ".golden");
            if (update) {
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, name + " differs from " + golden);
        }
    }

    @Test
    void representativeStoredRecordMatchesTheGoldenFile() throws IOException {
        final Compilation compilation = compile(JavaFileObjects.forResource(GOLDEN.resolve("Item.java").toUri().toURL()));
        assertCleanCompile(compilation);
        assertMatchesGolden(compilation, List.of("ItemStoredType.java", "ItemStoredType.proto"));
    }

    @Test
    void addingAMethodChangesNoOtherMethodsId() throws IOException {
        final String v1 = Files.readString(GOLDEN.resolve("Player.java"), StandardCharsets.UTF_8);
        final String v2 = v1.replace("public interface Player {",
            "public interface Player {\n    CompletableFuture<Void> joinMatch(String matchId, int team);\n");
        final String dispatcherV1 = dispatcherSource(v1);
        final String dispatcherV2 = dispatcherSource(v2);
        int compared = 0;
        for (final String line : dispatcherV1.split("\n")) {
            if (line.contains("public static final GrainMethod M_")) {
                assertTrue(dispatcherV2.contains(line), "unchanged in v2: " + line);
                compared++;
            }
        }
        assertEquals(6, compared);
        assertTrue(dispatcherV2.contains("M_JOIN_MATCH = new GrainMethod(0x"));
    }

    private static String dispatcherSource(final String playerSource) throws IOException {
        final Compilation compilation = compile(JavaFileObjects.forSourceString("game.Player", playerSource));
        assertCleanCompile(compilation);
        return compilation.generatedSourceFile("game.PlayerDispatcher").orElseThrow().getCharContent(true).toString();
    }

    @Test
    void codeGeneratedForEveryWireTypeCompilesWithoutWarnings() throws IOException {
        final Path sources = Paths.get("src/test/java/io/grain/codegen");
        final URL wire = sources.resolve("Wire.java").toUri().toURL();
        final URL echo = sources.resolve("Echo.java").toUri().toURL();
        final URL versions = sources.resolve("Versions.java").toUri().toURL();
        final URL keyed = sources.resolve("Keyed.java").toUri().toURL();
        final URL storedRecords = sources.resolve("StoredRecords.java").toUri().toURL();
        final URL badge = sources.resolve("Badge.java").toUri().toURL();
        assertCleanCompile(compile(JavaFileObjects.forResource(wire), JavaFileObjects.forResource(echo), JavaFileObjects.forResource(versions),
            JavaFileObjects.forResource(keyed), JavaFileObjects.forResource(storedRecords), JavaFileObjects.forResource(badge)));
    }
}
