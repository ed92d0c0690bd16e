package io.grain.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.grain.processor.Compilations.assertError;
import static io.grain.processor.Compilations.compileAll;
import static io.grain.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every rule of {@code @Stored} fails the build with an error at the offending line that names the
 * annotation and says what to do, and nothing is generated for a record with errors.
 */
class StoredErrorsTest {
    /** test/Subject.java: {@link Compilations#HEADER} (four lines), then {@code body} from line 5. */
    private static Compilation compile(final String... body) {
        return Compilations.compile(source(body));
    }

    @Test
    void storedOnAClassOrInterface() {
        assertError(compile("@Stored", "public class Subject {}"),
            "@Stored goes on records, but Subject is a class; declare the stored data as a record", 6);
        assertError(compile("@Stored public interface Subject {}"), "@Stored goes on records, but Subject is a interface", 5);
    }

    @Test
    void aKeyThatNamesNoComponent() {
        assertError(compile(
            "@Stored(table = \"items\",",
            "    key = \"ownr\")",
            "public record Subject(long owner, String kind) {}"),
            "@Stored key 'ownr' names no component of record Subject; name one of its components: owner, kind", 6);
    }

    @Test
    void aSubkeyThatNamesNoComponent() {
        assertError(compile(
            "@Stored(key = \"owner\",",
            "    subkey = \"item\")",
            "public record Subject(long owner, long itemId) {}"),
            "@Stored subkey 'item' names no component of record Subject; name one of its components: owner, itemId", 6);
    }

    @Test
    void keyComponentsOfUnsupportedTypesNameTheAllowedOnes() {
        assertError(compile(
            "@Stored(key = \"score\")",
            "public record Subject(double score) {}"),
            "@Stored key 'score' has type double, but a key component must be long, int, String or UUID", 5);
        assertError(compile(
            "@Stored(key = \"owner\",",
            "        subkey = \"at\")",
            "public record Subject(long owner, Long at) {}"),
            "@Stored subkey 'at' has type java.lang.Long, but a key component must be long, int, String or UUID", 6);
    }

    @Test
    void aSubkeyWithoutAKey() {
        assertError(compile(
            "@Stored(table = \"items\",",
            "    subkey = \"itemId\")",
            "public record Subject(long owner, long itemId) {}"),
            "@Stored subkey 'itemId' needs a key; set key = \"...\" to the component that comes first", 6);
    }

    @Test
    void aKeyEqualToTheSubkey() {
        assertError(compile(
            "@Stored(key = \"owner\",",
            "    subkey = \"owner\")",
            "public record Subject(long owner, long itemId) {}"),
            "@Stored key and subkey both name 'owner'; the subkey must be another component", 6);
    }

    @Test
    void invalidTableNames() {
        assertError(compile(
            "@Stored(key = \"owner\",",
            "    table = \"Items\")",
            "public record Subject(long owner) {}"),
            "@Stored table 'Items' may hold only lower case letters, digits and '_', starting with a letter; choose a table name", 6);
        assertError(compile(
            "@Stored(table = \"1items\") public record Subject(long owner) {}"),
            "@Stored table '1items' may hold only lower case letters, digits and '_', starting with a letter", 5);
        assertError(compile(
            "@Stored(table = \"" + "t".repeat(64) + "\") public record Subject(long owner) {}"),
            "is 64 characters long, more than the 63 a table name may have", 5);
    }

    @Test
    void tableNamesOfGrainsOwnAreReserved() {
        assertError(compile(
            "@Stored(key = \"owner\",",
            "    table = \"grain_state\")",
            "public record Subject(long owner) {}"),
            "@Stored table 'grain_state' starts with 'grain_', which Grain reserves for its own tables", 6);
    }

    @Test
    void anInvalidDefaultTableIsReportedAtTheRecordWithTheFix() {
        final Compilation compilation = compileAll(JavaFileObjects.forSourceLines("test.GrainReminders",
            "package test;",
            "@io.grain.annotation.Stored(key = \"id\")",
            "public record GrainReminders(long id) {}"));
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("@Stored record GrainReminders has no table, and its default table "
            + "'grain_reminders' (the record's name in snake case) starts with 'grain_'").inFile(compilation.sourceFiles().get(0)).onLine(2);
        assertThat(compilation).hadErrorContaining("set table = \"...\"");
    }

    @Test
    void componentsTheWireCannotCarryGetTheGrainRulesErrors() {
        assertError(compile(
            "@Stored public record Subject(String name,",
            "    Date when) {}"),
            "@Stored record 'Subject' component 'when' has unsupported type java.util.Date (supported: primitives and their boxes, "
                + "String, UUID, byte[], enums, records of supported types, List/Set/Map/Optional of supported types, "
                + "protoc-generated messages, and @Grain interfaces)", 6);
        assertError(compile(
            "@Stored public record Subject(String name,",
            "    List<Inner> inners) {",
            "  public record Inner(int[] values) {}",
            "}"),
            "component 'values' of record Inner (in element of @Stored record 'Subject' component 'inners') has unsupported type int[]: "
                + "arrays other than byte[] are not supported; use a List", 6);
    }

    @Test
    void aGenericRecord() {
        assertError(compile("@Stored public record Subject<T>(String name) {}"),
            "@Stored record Subject has type parameters; a stored record needs concrete types on the wire, so remove them", 5);
    }

    @Test
    void aPrivateRecord() {
        assertError(compile(
            "public class Subject {",
            "  @Stored private record Item(long id) {}",
            "}"),
            "@Stored record Item is private; make it public or package-private so its generated StoredType can reach it", 6);
    }

    @Test
    void twoKeyedRecordsMayNotShareATable() {
        final Compilation compilation = compileAll(
            JavaFileObjects.forSourceLines("test.A", "package test;", "@io.grain.annotation.Stored(table = \"same\", key = \"id\") public record A(long id) {}"),
            JavaFileObjects.forSourceLines("test.B", "package test;", "@io.grain.annotation.Stored(table = \"same\", key = \"id\") public record B(long id) {}"));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("@Stored table 'same' of test.B is already the table of test.A; give each keyed record its own table")
            .inFile(compilation.sourceFiles().get(1)).onLine(2);
    }

    @Test
    void everyErrorOfARecordIsReportedAtOnce() {
        final Compilation compilation = compile(
            "@Stored(table = \"Bad\",",
            "    key = \"missing\",",
            "    subkey = \"price\")",
            "public record Subject(",
            "    double price,",
            "    Thread owner) {}");
        assertThat(compilation).failed();
        final List<Long> lines = compilation.errors().stream().map(Diagnostic::getLineNumber).sorted().collect(Collectors.toList());
        // table, key, subkey and the unsupported component
        assertEquals(List.of(5L, 6L, 7L, 10L), lines);
    }
}
