package dependencies;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A jar on a classpath as a Maven artifact, from the repository layout it sits in
 * (ROOT/group/as/folders/artifact/version/artifact-version[-classifier].jar).
 */
record ResolvedArtifact(String group, String artifact, String version, Path repositoryRoot) {
    String key() {
        return group + ":" + artifact;
    }

    /** This jar as an artifact of that group; empty when it does not sit in that group's folder. */
    static Optional<ResolvedArtifact> of(Path jar, String group) {
        Path versionDir = jar.toAbsolutePath().getParent();
        Path artifactDir = versionDir == null ? null : versionDir.getParent();
        if (artifactDir == null || artifactDir.getParent() == null) {
            return Optional.empty();
        }
        String version = versionDir.getFileName().toString();
        String artifact = artifactDir.getFileName().toString();
        Path groupDir = artifactDir.getParent();
        Path groupPath = Path.of(group.replace('.', '/'));
        if (!jar.getFileName().toString().startsWith(artifact + "-" + version) || !groupDir.endsWith(groupPath)) {
            return Optional.empty();
        }
        Path root = groupDir;
        for (int i = 0; i < groupPath.getNameCount(); i++) {
            root = root.getParent();
        }
        return Optional.of(new ResolvedArtifact(group, artifact, version, root));
    }
}
