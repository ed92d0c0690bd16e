package io.grain.bom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps grain-bom true to the reactor (same version, every published module, nothing else) and
 * proves that importing it gives a project Grain's versions: a tiny project that imports it and
 * declares grain-runtime without a version is validated by Maven, offline, against a local
 * repository that holds only this BOM (and fails without the import, the control).
 */
class BomTest {
    /** Reactor modules that are not published, so not in the BOM. A new module must be listed here or in the BOM. */
    private static final Set<String> NOT_PUBLISHED = Set.of("grain-bom", "grain-benchmarks", "grain-benchmarks-pekko", "sample-game");

    private static final Path BOM = Path.of("pom.xml").toAbsolutePath();
    private static final Path PARENT = BOM.getParent().getParent().resolve("pom.xml");

    @TempDir
    Path dir;

    @Test
    void hasTheReactorsVersionAndNoParent() throws Exception {
        final Element bom = parse(BOM);
        final Element parent = parse(PARENT);
        assertEquals("grain-parent", text(parent, "artifactId"), "the reactor's pom is " + PARENT);
        assertEquals(text(parent, "version"), text(bom, "version"), "grain-bom's version follows the project's");
        assertEquals(text(parent, "groupId"), text(bom, "groupId"));
        assertNull(child(bom, "parent"), "a parent's dependencyManagement (every third-party pin) would reach importers");
    }

    @Test
    void managesEveryPublishedModuleAndNothingElse() throws Exception {
        final Element parent = parse(PARENT);
        final Set<String> published = new TreeSet<>();
        for (final Element module : children(child(parent, "modules"), "module")) {
            final String artifactId = text(parse(PARENT.getParent().resolve(module.getTextContent().trim()).resolve("pom.xml")), "artifactId");
            if (!NOT_PUBLISHED.contains(artifactId)) {
                published.add(artifactId);
            }
        }
        final Set<String> managed = new TreeSet<>();
        for (final Element dependency : children(child(child(parse(BOM), "dependencyManagement"), "dependencies"), "dependency")) {
            assertEquals("io.grain", text(dependency, "groupId"), "only Grain's own artifacts: " + text(dependency, "artifactId"));
            assertEquals("${project.version}", text(dependency, "version"), text(dependency, "artifactId"));
            assertNull(child(dependency, "scope"), text(dependency, "artifactId"));
            managed.add(text(dependency, "artifactId"));
        }
        assertEquals(published, managed, "grain-bom lists the reactor's published modules (or add a module to NOT_PUBLISHED)");
    }

    @Test
    void aProjectThatImportsTheBomGetsGrainsVersions() throws Exception {
        final String version = text(parse(BOM), "version");
        final Path repository = dir.resolve("repository");
        final Path installed = repository.resolve("io/grain/grain-bom/" + version + "/grain-bom-" + version + ".pom");
        Files.createDirectories(installed.getParent());
        Files.copy(BOM, installed);

        final Path importer = importer(version, true);
        final Result withBom = maven(importer, repository);
        assertEquals(0, withBom.exit, "grain-runtime got its version from the BOM: " + withBom.output);

        final Result withoutBom = maven(importer(version, false), repository);
        assertNotEquals(0, withoutBom.exit, "the control: no BOM, no version");
        assertTrue(withoutBom.output.contains("dependencies.dependency.version") && withoutBom.output.contains("is missing"),
            withoutBom.output);
    }

    /** A project that declares grain-runtime with no version, importing the BOM or not. */
    private Path importer(final String version, final boolean importBom) throws IOException {
        final Path project = dir.resolve(importBom ? "with-bom" : "without-bom");
        Files.createDirectories(project);
        final String management = !importBom ? "" : String.join("\n",
            "  <dependencyManagement><dependencies><dependency>",
            "    <groupId>io.grain</groupId><artifactId>grain-bom</artifactId><version>" + version + "</version>",
            "    <type>pom</type><scope>import</scope>",
            "  </dependency></dependencies></dependencyManagement>");
        Files.writeString(project.resolve("pom.xml"), String.join("\n",
            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
            "  <modelVersion>4.0.0</modelVersion>",
            "  <groupId>example</groupId><artifactId>game</artifactId><version>1</version>",
            management,
            "  <dependencies><dependency>",
            "    <groupId>io.grain</groupId><artifactId>grain-runtime</artifactId>",
            "  </dependency></dependencies>",
            "</project>"), StandardCharsets.UTF_8);
        return project;
    }

    private record Result(int exit, String output) {
    }

    /**
     * Maven, offline, on the importer: building its model resolves the import, and the validate phase
     * binds no plugin, so nothing but the BOM is needed in the repository. A dependency left without a
     * version fails the model, so a success says the import supplied it; the value is
     * {@code ${project.version}} of the BOM, which {@link #hasTheReactorsVersionAndNoParent()} ties to the reactor.
     */
    private static Result maven(final Path project, final Path repository) throws Exception {
        final String home = System.getProperty("maven.home");
        assertFalse(home == null || home.isBlank(), "surefire passes maven.home");
        final Path mvn = Path.of(home, "bin", System.getProperty("os.name").startsWith("Windows") ? "mvn.cmd" : "mvn");
        final List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-o", "-e",
            "-Dmaven.repo.local=" + repository, "-f", project.resolve("pom.xml").toString(), "validate"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "maven finished");
        return new Result(process.exitValue(), output);
    }

    private static Element parse(final Path pom) throws Exception {
        final Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        return document.getDocumentElement();
    }

    private static Element child(final Element parent, final String name) {
        final List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(final Element parent, final String name) {
        final List<Element> found = new ArrayList<>();
        final NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            final Node node = nodes.item(i);
            if (node instanceof Element && ((Element)node).getTagName().equals(name)) {
                found.add((Element)node);
            }
        }
        return found;
    }

    private static String text(final Element parent, final String name) {
        final Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
