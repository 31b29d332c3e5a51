package dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import launchers.RepoJBang;
import org.junit.jupiter.api.Test;

/**
 * Each program's own classpath, as JBang resolves it for `jbang pool@org` and friends: only the
 * libraries that program uses, each at its declared version (JBang resolves every entry on its own,
 * so a version can differ between entries even when the tests' union classpath is right).
 */
class EntryClasspathsTest {
    @Test
    void thePoolCliCarriesNeitherTheMockServerNorTheEppsLibraries() throws Exception {
        List<Path> pool = classpath("pool.java");

        List<String> foreign = pool.stream().map(Path::toString)
                .filter(jar -> Stream.of("/kubernetes-server-mock/", "/mockwebserver/", "/io/grpc/", "/org/junit/",
                        "/io/opentelemetry/", "/org/bouncycastle/", "/io/envoyproxy/", "/io/prometheus/", "/com/google/protobuf/")
                        .anyMatch(jar.replace(File.separatorChar, '/')::contains))
                .toList();
        assertEquals(List.of(), foreign, "libraries pool.java does not use are on its classpath");
        assertVersionsAsDeclared(pool);
    }

    @Test
    void theEppAndTheSandboxResolveTheDeclaredVersions() throws Exception {
        List<Path> sandbox = classpath("sandbox/SandboxMain.java");
        assertTrue(sandbox.stream().anyMatch(jar -> jar.toString().contains("kubernetes-server-mock")), sandbox::toString);
        assertVersionsAsDeclared(sandbox);
        assertVersionsAsDeclared(classpath("epp/EndpointPicker.java"));
    }

    private static List<Path> classpath(String entry) throws Exception {
        var result = RepoJBang.run("--quiet", "info", "classpath", entry);
        assertEquals(0, result.exitCode(), result::toString);
        return Stream.of(result.out().strip().split(File.pathSeparator)).map(Path::of).toList();
    }

    private static void assertVersionsAsDeclared(List<Path> classpath) throws Exception {
        Path repository = classpath.stream().flatMap(jar -> ResolvedArtifact.of(jar, "info.picocli").stream())
                .map(ResolvedArtifact::repositoryRoot).findFirst().orElseThrow();
        Map<String, String> declared = DeclaredVersions.read(Path.of("dependencies"), repository);
        List<String> mismatches = new ArrayList<>();
        for (Path jar : classpath) {
            for (var entry : declared.entrySet()) {
                String group = entry.getKey().substring(0, entry.getKey().indexOf(':'));
                ResolvedArtifact.of(jar, group).filter(a -> a.key().equals(entry.getKey()))
                        .filter(a -> !a.version().equals(entry.getValue()))
                        .ifPresent(a -> mismatches.add(entry.getKey() + ": declared " + entry.getValue() + ", resolved " + a.version()));
            }
        }
        assertEquals(List.of(), mismatches, "pin these in dependencies/");
    }
}
