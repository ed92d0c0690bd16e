package io.grain.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.util.List;
import java.util.stream.Collectors;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.grain.processor.Compilations.assertError;
import static io.grain.processor.Compilations.compileAll;
import static io.grain.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every rule of {@code @ClientObserver} interfaces fails the build with one error at the offending
 * line that says what to do. The push client refers to grain-gateway's {@code PushRouter}, so each
 * compilation has that interface on its source path, as a module with grain-gateway would.
 */
class ObserverErrorsTest {
    // HEADER is four lines, so the first body line is line 5.
    private static final JavaFileObject PUSH_ROUTER = JavaFileObjects.forSourceLines("io.grain.gateway.push.PushRouter",
        "package io.grain.gateway.push;",
        "public interface PushRouter { void push(String principal, String observer, String method, byte[] payload); }");

    private static Compilation compile(final String... lines) {
        return compileAll(JavaFileObjects.forSourceLines("test.Subject", lines), PUSH_ROUTER);
    }

    @Test
    void aPushReturnsVoid() {
        assertError(compile(source(
            "@ClientObserver(\"table_events\") public interface Subject {",
            "  CompletableFuture<Void> dealt(String table);",
            "}")),
            "@ClientObserver method 'dealt' returns java.util.concurrent.CompletableFuture<java.lang.Void>; a push is one-way "
                + "and gets no answer, so return void", 6);
    }

    @Test
    void argumentsMustBeWireTypes() {
        assertError(compile(source(
            "@ClientObserver(\"table_events\") public interface Subject {",
            "  void dealt(String table,",
            "             Thread dealer);",
            "}")),
            "@ClientObserver method 'dealt' parameter 'dealer' has unsupported type java.lang.Thread", 7);
    }

    @Test
    void theKindIsRequired() {
        assertError(compile(source(
            "@ClientObserver public interface Subject {",
            "  void dealt(String table);",
            "}")),
            "@ClientObserver on Subject needs its kind, the name clients see on each push, e.g. @ClientObserver(\"match_events\")", 5);
    }

    @Test
    void kindsMustBeSimpleNames() {
        assertError(compile(source(
            "@ClientObserver(\"table events\") public interface Subject {",
            "  void dealt(String table);",
            "}")),
            "@ClientObserver kind 'table events' may hold only letters, digits, '_', '-' and '.'", 5);
    }

    @Test
    void twoObserversMayNotShareAKind() {
        final JavaFileObject b = JavaFileObjects.forSourceLines("test.B", "package test;",
            "@io.grain.annotation.ClientObserver(\"same\") public interface B { void b(int x); }");
        final Compilation compilation = compileAll(
            JavaFileObjects.forSourceLines("test.A", "package test;",
                "@io.grain.annotation.ClientObserver(\"same\") public interface A { void a(int x); }"),
            b, PUSH_ROUTER);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("@ClientObserver kind 'same' of test.B is already the kind of test.A; "
            + "give each observer interface its own kind").inFile(b).onLine(2);
    }

    @Test
    void anObserverOnAClassOrWithoutMethods() {
        assertError(compile(source("@ClientObserver(\"e\") public class Subject {}")),
            "@ClientObserver goes on interfaces, but Subject is a class", 5);
        assertError(compile(source("@ClientObserver(\"e\") public interface Subject {}")),
            "@ClientObserver interface Subject declares no methods", 5);
    }

    @Test
    void aTimeoutOrAGrainReferenceHasNoPlaceInAPush() {
        assertError(compile(source(
            "@ClientObserver(\"e\") public interface Subject {",
            "  @Timeout(millis = 5) void dealt(String table);",
            "}")),
            "@Timeout on push 'dealt' has no reply to wait for", 6);
        final Compilation compilation = compileAll(JavaFileObjects.forSourceLines("test.Subject", source(
            "@ClientObserver(\"e\") public interface Subject {",
            "  void joined(Table table);",
            "}",
            "@Grain(\"table\") interface Table { CompletableFuture<Void> ping(); }")), PUSH_ROUTER);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("@ClientObserver method 'joined' parameter 'table' is a grain reference; "
            + "a game client cannot call grains through one, so send its key instead").inFile(compilation.sourceFiles().get(0)).onLine(6);
    }

    @Test
    void theGatewayMustBeOnTheCompilePath() {
        assertError(compileAll(JavaFileObjects.forSourceLines("test.Subject", source(
            "@ClientObserver(\"e\") public interface Subject {",
            "  void dealt(String table);",
            "}"))),
            "@ClientObserver interface Subject needs grain-gateway on the compile class path: its generated push client uses "
                + "io.grain.gateway.push.PushRouter", 5);
    }

    @Test
    void everyErrorOfAnObserverIsReportedAtOnce() {
        final Compilation compilation = compile(source(
            "@ClientObserver(\"e\") public interface Subject {",
            "  int a();",
            "  void b(Thread t);",
            "  <T> void c(String t);",
            "}"));
        assertThat(compilation).failed();
        final List<Long> lines = compilation.errors().stream().map(Diagnostic::getLineNumber).sorted().collect(Collectors.toList());
        assertEquals(List.of(6L, 7L, 8L), lines);
    }
}
