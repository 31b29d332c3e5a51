package epp.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The image's files staged on this machine as they will be in the container: the jlinked runtime
 * under `opt/java`, the EPP's jars and class-data archive under `app`, and (scratch base only)
 * the shared libraries and the few files a non-root process expects. Every staged file carries
 * the image's fixed modification time: the class-data archive records the times of the jars and
 * runtime it was dumped from and is only used when the container's files match.
 *
 * @param root the staging directory; {@code root/opt/java} and {@code root/app} mirror the image
 * @param classPath the class path relative to the app directory, as the entrypoint gives it
 * @param sharedLibraries image path → host file (empty with a base image)
 */
record ImageContents(Path root, EppJars jars, String classPath, Map<String, Path> sharedLibraries, boolean withArchive) {
    /** Jib's default modification time of every file it puts in a layer (reproducible images). */
    static final Instant FILE_TIME = Instant.ofEpochSecond(1);

    Path runtime() {
        return root.resolve(ImageLayout.JAVA_HOME.substring(1));
    }

    Path appDir() {
        return root.resolve(ImageLayout.APP_DIR.substring(1));
    }

    List<String> entrypoint() {
        return ImageLayout.entrypoint(ImageLayout.jvmFlags(withArchive), classPath, jars.mainClass());
    }

    /** jlinks the runtime, copies the jars, finds the shared libraries (scratch only) and trains the class-data archive. */
    static ImageContents stage(EppJars jars, boolean scratchBase, Path root, Progress progress) throws IOException, InterruptedException {
        progress.step("finding the JDK modules the EPP uses (jdeps)");
        var modules = JavaRuntime.modules(jars);
        progress.step("linking a Java runtime with " + String.join(",", modules) + " (jlink)");
        Path runtime = root.resolve(ImageLayout.JAVA_HOME.substring(1));
        Files.createDirectories(runtime.getParent());
        JavaRuntime.linkCached(modules, cacheDir(), runtime);

        Path app = Files.createDirectories(root.resolve(ImageLayout.APP_DIR.substring(1)));
        Path libs = Files.createDirectories(app.resolve(ImageLayout.DEPENDENCY_DIR));
        Files.copy(jars.appJar(), app.resolve(ImageLayout.APP_JAR), StandardCopyOption.REPLACE_EXISTING);
        progress.step("copying the dependency jars (without other platforms' native libraries and jar signatures)");
        List<String> architectures = PlatformJar.architectureNames(System.getProperty("os.arch"));
        List<Path> staged = new ArrayList<>(List.of(app.resolve(ImageLayout.APP_JAR)));
        for (var dependency : jars.dependencies().entrySet()) {
            Path target = libs.resolve(dependency.getKey());
            if (!PlatformJar.trim(dependency.getValue(), target, architectures)) {
                Files.copy(dependency.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
            }
            staged.add(target);
        }
        String classPath = ImageLayout.classPath(List.copyOf(jars.dependencies().keySet()));

        Map<String, Path> libraries = Map.of();
        if (scratchBase) {
            progress.step("collecting the shared libraries the runtime loads (ldd)");
            libraries = SharedLibraries.of(runtime, staged, root.resolve("native-scratch"));
        }
        setFileTimes(runtime);
        setFileTimes(app);
        progress.step("training the class-data archive on an EPP start");
        CdsTraining.train(JavaRuntime.javaLauncher(runtime), app, classPath, jars.mainClass(), Files.createDirectories(root.resolve("cds-scratch")));
        Files.setLastModifiedTime(app.resolve(ImageLayout.CDS_ARCHIVE), FileTime.from(FILE_TIME));
        return new ImageContents(root, jars, classPath, libraries, true);
    }

    /** `$XDG_CACHE_HOME/pool/epp-image` (else `~/.cache/...`), beside the `./pool` launcher's cache. */
    static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("pool").resolve("epp-image");
    }

    private static void setFileTimes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(FILE_TIME));
            }
        }
    }

    /** Where the build is, for the person waiting (stderr). */
    interface Progress {
        void step(String what);
    }
}
