package dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The versions on the classpath are the versions `dependencies/` declares: a library another one
 * pulls in at a different version (a BOM imported transitively, a nearer dependency) fails here,
 * naming the library, both versions and the jar.
 */
class ResolvedVersionsTest {
    private static final Path DEPENDENCIES = Path.of("dependencies");

    @Test
    void everyDeclaredLibraryOnTheTestClasspathHasItsDeclaredVersion() throws Exception {
        List<Path> classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        Map<String, String> declared = DeclaredVersions.read(DEPENDENCIES, localRepository(classpath));

        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Path jar : classpath) {
            for (var entry : declared.entrySet()) {
                String group = entry.getKey().substring(0, entry.getKey().indexOf(':'));
                Optional<ResolvedArtifact> artifact = ResolvedArtifact.of(jar, group)
                        .filter(a -> a.key().equals(entry.getKey()));
                if (artifact.isPresent()) {
                    checked++;
                    if (!artifact.get().version().equals(entry.getValue())) {
                        mismatches.add(entry.getKey() + ": declared " + entry.getValue() + ", resolved "
                                + artifact.get().version() + " (" + jar + ")");
                    }
                }
            }
        }

        assertEquals(List.of(), mismatches, "pin these in dependencies/ (see dependencies/README.md)");
        for (String named : List.of("org.slf4j:slf4j-api", "com.google.guava:guava", "io.grpc:grpc-api",
                "io.fabric8:kubernetes-client", "com.fasterxml.jackson.core:jackson-databind")) {
            assertTrue(declared.containsKey(named), named + " is declared in dependencies/ (directly or by a BOM): without"
                    + " the pin a transitively imported BOM decides its version");
        }
        assertTrue(checked > 50, "the classpath's jars were recognised as declared artifacts (" + checked + ")");
    }

    /** The local Maven repository JBang resolved into: the root of picocli's jar. */
    private static Path localRepository(List<Path> classpath) {
        return classpath.stream().flatMap(jar -> ResolvedArtifact.of(jar, "info.picocli").stream())
                .filter(a -> a.artifact().equals("picocli")).map(ResolvedArtifact::repositoryRoot).findFirst()
                .orElseThrow(() -> new AssertionError("picocli's jar is not on the classpath in a Maven repository"));
    }
}
