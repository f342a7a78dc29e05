package io.tickwire.client.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What a release publishes. The version: the root pom's {@code revision}, which every module inherits and
 * the JavaScript and Python clients' own files repeat. The two libraries a program depends on with the
 * README's coordinates ({@code io.tickwire:tickwire-client-java}, {@code io.tickwire:tickwire-feed-api}),
 * as {@code mvn install} puts them in the local repository: run by failsafe after {@code package}, this reads
 * each module's target/, which install copies. The pom install copies is the flatten plugin's
 * {@code target/.flattened-pom.xml} (it replaces the project's pom file), so checking that file checks the
 * installed one.
 */
class PublishedArtifactsIT {

    static final Path ROOT = Path.of(System.getProperty("tickwire.root", "../..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("tickwire.version");

    record Library(String module, String artifactId) {
        Path target() {
            return ROOT.resolve(module).resolve("target");
        }

        Path file(String classifier, String extension) {
            return target().resolve(artifactId + "-" + VERSION + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension);
        }

        Set<String> publicSources() throws IOException {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                return files.filter(f -> f.toString().endsWith(".java"))
                        .map(f -> sources.relativize(f).toString().replace('\\', '/'))
                        .collect(Collectors.toSet());
            }
        }

        @Override
        public String toString() {
            return artifactId;
        }
    }

    static List<Library> libraries() {
        return List.of(new Library("feed-api", "tickwire-feed-api"), new Library("clients/java", "tickwire-client-java"));
    }

    @Test
    void theVersionIsTheRootPomsRevisionAndEveryModuleInheritsIt() throws Exception {
        assertThat(VERSION).isEqualTo(property(read(ROOT.resolve("pom.xml")), "revision")).matches("\\d+\\.\\d+\\.\\d+");
        List<Path> poms;
        try (Stream<Path> files = Files.walk(ROOT)) {
            poms = files.filter(f -> f.getFileName().toString().equals("pom.xml"))
                    .filter(f -> !ROOT.relativize(f).toString().matches(".*(^|/)(target|node_modules|\\.[^/]+)/.*"))
                    .filter(f -> !f.equals(ROOT.resolve("pom.xml")))
                    .toList();
        }
        assertThat(poms).hasSizeGreaterThanOrEqualTo(9);
        for (Path pom : poms) {
            Element parent = child(read(pom).getDocumentElement(), "parent");
            assertThat(text(parent, "artifactId")).as(pom.toString()).isEqualTo("tickwire");
            assertThat(text(parent, "version")).as(pom + ": the version is set once, in the root pom").isEqualTo("${revision}");
            assertThat(child(read(pom).getDocumentElement(), "version")).as(pom + " sets no version of its own").isNull();
        }
    }

    @Test
    void theJavaScriptAndPythonClientsCarryTheSameVersion() throws IOException {
        assertThat(find("\"version\":\\s*\"([^\"]+)\"", ROOT.resolve("clients/js/package.json"))).isEqualTo(VERSION);
        assertThat(find("(?m)^version\\s*=\\s*\"([^\"]+)\"", ROOT.resolve("clients/python/pyproject.toml"))).isEqualTo(VERSION);
        assertThat(find("(?m)^__version__\\s*=\\s*\"([^\"]+)\"", ROOT.resolve("clients/python/src/tickwire/__init__.py")))
                .isEqualTo(VERSION);
    }

    @Test
    void theParentPomThatInstallsCarriesTheVersion() throws Exception {
        Path flattened = ROOT.resolve("target/.flattened-pom.xml");
        assertThat(Files.readString(flattened)).doesNotContain("${revision}");
        assertThat(text(read(flattened).getDocumentElement(), "version")).isEqualTo(VERSION);
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void itsPomThatInstallsNamesTheVersionNotTheProperty(Library library) throws Exception {
        Path flattened = library.target().resolve(".flattened-pom.xml");
        assertThat(Files.readString(flattened)).doesNotContain("${revision}");
        Element project = read(flattened).getDocumentElement();
        assertThat(text(project, "artifactId")).isEqualTo(library.artifactId());
        assertThat(text(child(project, "parent"), "groupId")).isEqualTo("io.tickwire");
        assertThat(text(child(project, "parent"), "version")).isEqualTo(VERSION);
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void itsJarCarriesTheLicenseAndNotice(Library library) throws Exception {
        try (JarFile jar = new JarFile(library.file("", "jar").toFile())) {
            assertThat(entry(jar, "META-INF/LICENSE")).isEqualTo(Files.readString(ROOT.resolve("LICENSE")));
            assertThat(entry(jar, "META-INF/NOTICE")).isEqualTo(Files.readString(ROOT.resolve("NOTICE")));
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void itsSourcesJarHoldsEverySourceFile(Library library) throws Exception {
        try (JarFile jar = new JarFile(library.file("sources", "jar").toFile())) {
            Set<String> entries = jar.stream().map(e -> e.getName()).collect(Collectors.toSet());
            assertThat(entries).containsAll(library.publicSources());
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void itsJavadocJarHasAPageForEveryPublicType(Library library) throws Exception {
        try (JarFile jar = new JarFile(library.file("javadoc", "jar").toFile())) {
            Set<String> entries = jar.stream().map(e -> e.getName()).collect(Collectors.toSet());
            assertThat(entries).contains("index.html");
            for (String source : library.publicSources()) {
                String text = Files.readString(ROOT.resolve(library.module()).resolve("src/main/java").resolve(source));
                String type = source.substring(source.lastIndexOf('/') + 1).replace(".java", "");
                if (Pattern.compile("^public (final |abstract |sealed |non-sealed )*(class|interface|record|enum|@interface) "
                        + type + "\\b", Pattern.MULTILINE).matcher(text).find()) {
                    assertThat(entries).as(source).contains(source.replace(".java", ".html"));
                }
            }
        }
    }

    /** The first group of the pattern's first match in the file. */
    static String find(String pattern, Path file) throws IOException {
        Matcher m = Pattern.compile(pattern).matcher(Files.readString(file));
        assertThat(m.find()).as(pattern + " in " + file).isTrue();
        return m.group(1);
    }

    static String entry(JarFile jar, String name) throws IOException {
        assertThat(jar.getEntry(name)).as(jar.getName() + "!" + name).isNotNull();
        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Document read(Path xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    static String property(Document pom, String name) {
        return text(child(pom.getDocumentElement(), "properties"), name);
    }

    /** The first child element of that name, or null. */
    static Element child(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        assertThat(e).as("<" + name + "> in <" + parent.getTagName() + ">").isNotNull();
        return e.getTextContent().trim();
    }
}
