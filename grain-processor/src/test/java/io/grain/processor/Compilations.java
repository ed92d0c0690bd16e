package io.grain.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;

import javax.tools.JavaFileObject;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

/** Compiles test sources with the Grain processor, and checks the one error a rule should give. */
final class Compilations {
    /** Four lines, so the first body line of {@link #source} is line 5 of test/Subject.java. */
    static final String HEADER = "package test;\n"
        + "import io.grain.annotation.*;\n"
        + "import java.util.*;\n"
        + "import java.util.concurrent.*;";

    private Compilations() {
    }

    /** Compiles test/Subject.java made of {@code lines}. */
    static Compilation compile(final String... lines) {
        return compileAll(JavaFileObjects.forSourceLines("test.Subject", lines));
    }

    static Compilation compileAll(final JavaFileObject... sources) {
        return javac().withProcessors(new GrainProcessor()).compile(sources);
    }

    /** {@link #HEADER} and then {@code body}. */
    static String[] source(final String... body) {
        final String[] lines = new String[body.length + 1];
        lines[0] = HEADER;
        System.arraycopy(body, 0, lines, 1, body.length);
        return lines;
    }

    /** Asserts exactly one error, containing {@code message}, at {@code line} of test/Subject.java. */
    static void assertError(final Compilation compilation, final String message, final long line) {
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0)).onLine(line);
        // had the processor written code anyway, compiling it without the runtime on the classpath would add errors
    }
}
