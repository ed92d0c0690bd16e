package io.grain.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.grain.processor.Compilations.assertError;
import static io.grain.processor.Compilations.compile;
import static io.grain.processor.Compilations.compileAll;
import static io.grain.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rule the processor enforces fails the build with an error at the offending line that says
 * what to do, and nothing is generated for an interface with errors.
 */
class ProcessorErrorsTest {
    // HEADER is four lines, so the first body line is line 5.

    @Test
    void grainOnAClass() {
        assertError(compile(source(
            "@Grain",
            "public class Subject {}")),
            "@Grain goes on interfaces, but Subject is a class", 6);
    }

    @Test
    void grainOnARecordOrEnum() {
        assertError(compile(source("@Grain public record Subject(int a) {}")), "Subject is a record", 5);
        assertError(compile(source("@Grain public enum Subject { A }")), "Subject is a enum", 5);
    }

    @Test
    void aReturnTypeThatIsNotAFuture() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  String name();",
            "}")),
            "@Grain method 'name' returns java.lang.String; return CompletableFuture<T> or CompletionStage<T> (or void with @OneWay)", 6);
    }

    @Test
    void voidWithoutOneWay() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  void kick(String reason);",
            "}")),
            "@Grain method 'kick' returns void; return CompletableFuture<T> or mark it @OneWay", 6);
    }

    @Test
    void oneWayOnANonVoidMethod() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  @OneWay",
            "  CompletableFuture<Integer> score();",
            "}")),
            "@OneWay method 'score' must return void", 6);
    }

    @Test
    void timeoutOnAOneWayMethodAndANonPositiveTimeout() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  @OneWay @Timeout(millis = 5) void ping();",
            "}")),
            "@Timeout on one-way method 'ping' has no reply to wait for", 6);
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  @Timeout(millis = 0) CompletableFuture<Void> ping();",
            "}")),
            "@Timeout(millis = 0) on 'ping' must be positive", 6);
    }

    @Test
    void anUnsupportedParameterTypeIsNamedWithTheSupportedKinds() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  CompletableFuture<Void> at(String zone,",
            "      Date when);",
            "}")),
            "@Grain method 'at' parameter 'when' has unsupported type java.util.Date (supported: primitives and their boxes, String, UUID, "
                + "byte[], enums, records of supported types, List/Set/Map/Optional of supported types, protoc-generated messages, "
                + "and @Grain interfaces)", 7);
    }

    @Test
    void anUnsupportedTypeDeepInsideARecordIsTracedToIt() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  record Inner(Thread thread) {}",
            "  record Outer(List<Inner> inners) {}",
            "  CompletableFuture<Void> set(Outer outer);",
            "}")),
            "component 'thread' of record Inner (in element of component 'inners' of record Outer (in @Grain method 'set' parameter 'outer'))"
                + " has unsupported type java.lang.Thread", 8);
    }

    @Test
    void unsupportedResultTypesAndShapes() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  CompletableFuture<Object> any();",
            "}")),
            "@Grain method 'any' result has unsupported type java.lang.Object", 6);
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  CompletableFuture<int[]> ints();",
            "}")),
            "arrays other than byte[] are not supported; use a List", 6);
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  @SuppressWarnings(\"rawtypes\") CompletableFuture<List> raw();",
            "}")),
            "raw collection types are not supported", 6);
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  CompletableFuture<Set<byte[]>> blobs();",
            "}")),
            "a Set of byte[] compares arrays by identity", 6);
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  CompletableFuture<Map<List<String>, String>> byList();",
            "}")),
            "map keys must be scalars, String, enums, records, messages or grain references", 6);
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  CompletableFuture<?> wild();",
            "}")),
            "type variables and wildcards are not supported", 6);
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  @SuppressWarnings(\"rawtypes\") CompletableFuture raw();",
            "}")),
            "returns a raw java.util.concurrent.CompletableFuture; give its result type", 6);
    }

    @Test
    void aGenericMethod() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  <T> CompletableFuture<Void> put(String key);",
            "}")),
            "@Grain method 'put' is generic; grain methods need concrete types on the wire, so remove its type parameters", 6);
    }

    @Test
    void aGenericGrainInterface() {
        assertError(compile(source(
            "@Grain public interface Subject<T> {",
            "  CompletableFuture<Void> ping();",
            "}")),
            "@Grain interface Subject has type parameters", 5);
    }

    @Test
    void methodIdsThatCollideNameBothMethods() {
        // m763399() and m1109514() have the same FNV-1a hash
        final Compilation compilation = compile(source(
            "@Grain public interface Subject {",
            "  CompletableFuture<Void> m763399();",
            "  CompletableFuture<Void> m1109514();",
            "}"));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(2);
        final String message = "@Grain methods 'm763399()' and 'm1109514()' hash to the same method id 0x65b60226; rename one of them";
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0)).onLine(6);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0)).onLine(7);
    }

    @Test
    void checkedExceptions() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  CompletableFuture<Void> load() throws java.io.IOException;",
            "}")),
            "@Grain method 'load' declares checked exception java.io.IOException; fail the returned future instead", 6);
    }

    @Test
    void statelessWorkerNeedsAtLeastOneActivation() {
        assertError(compile(source(
            "@Grain @StatelessWorker(max = 0) public interface Subject {",
            "  CompletableFuture<Void> ping();",
            "}")),
            "@StatelessWorker(max = 0) must allow at least one activation", 5);
    }

    @Test
    void kindsMustBeSimpleNames() {
        assertError(compile(source(
            "@Grain(\"players/v1\") public interface Subject {",
            "  CompletableFuture<Void> ping();",
            "}")),
            "@Grain kind 'players/v1' may hold only letters, digits, '_', '-' and '.'", 5);
    }

    @Test
    void twoInterfacesMayNotShareAKind() {
        final Compilation compilation = compileAll(
            JavaFileObjects.forSourceLines("test.A", "package test;", "@io.grain.annotation.Grain(\"same\") public interface A {}"),
            JavaFileObjects.forSourceLines("test.B", "package test;", "@io.grain.annotation.Grain(\"same\") public interface B {}"));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("@Grain kind 'same' of test.B is already the kind of test.A");
    }

    @Test
    void theReferenceIdentityMethodIsReserved() {
        assertError(compile(source(
            "@Grain public interface Subject {",
            "  CompletableFuture<String> grainId();",
            "}")),
            "@Grain method 'grainId()' is reserved", 6);
    }

    @Test
    void everyErrorOfAnInterfaceIsReportedAtOnce() {
        final Compilation compilation = compile(source(
            "@Grain public interface Subject {",
            "  void a();",
            "  String b();",
            "  CompletableFuture<Void> c(Thread t);",
            "}"));
        assertThat(compilation).failed();
        final List<Long> lines = compilation.errors().stream().map(Diagnostic::getLineNumber).sorted().collect(Collectors.toList());
        assertEquals(List.of(6L, 7L, 8L), lines);
    }

    @Test
    void aFailureToWriteBecomesAnErrorOnTheInterfaceNotACrash() {
        // the user already has a class named like the generated client, so the Filer refuses to write it
        final Compilation compilation = compileAll(
            JavaFileObjects.forSourceLines("test.Subject", source(
                "@Grain public interface Subject {",
                "  CompletableFuture<Void> ping();",
                "}")),
            JavaFileObjects.forSourceLines("test.SubjectClient", "package test;", "public class SubjectClient {}"));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("@Grain could not write the generated files of test.Subject")
            .inFile(compilation.sourceFiles().get(0)).onLine(5);
    }
}
