package epp.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The EPP as JBang builds it: its own jar (the EPP's classes) and its dependency jars in class
 * path order, each under the file name it gets in the image.
 *
 * @param appJar the jar JBang compiled from the EPP's sources
 * @param dependencies image file name → jar on this machine, in class path order
 * @param mainClass the jar's Main-Class
 */
record EppJars(Path appJar, Map<String, Path> dependencies, String mainClass) {

    /** Runs `JBANG build REF` and `JBANG info classpath REF`; their messages go to stderr. */
    static EppJars build(List<String> jbang, String eppRef) throws IOException, InterruptedException {
        List<String> buildCommand = new ArrayList<>(jbang);
        buildCommand.addAll(List.of("--quiet", "build", eppRef));
        Process build = new ProcessBuilder(buildCommand).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (build.waitFor() != 0) {
            throw new ImageBuildException("`" + String.join(" ", buildCommand) + "` failed (exit " + build.exitValue()
                    + "): fix the EPP's build or pass --epp with the EPP's script");
        }
        List<String> infoCommand = new ArrayList<>(jbang);
        infoCommand.addAll(List.of("--quiet", "info", "classpath", eppRef));
        Process info = new ProcessBuilder(infoCommand).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String classPath = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (info.waitFor() != 0 || classPath.isEmpty()) {
            throw new ImageBuildException("`" + String.join(" ", infoCommand) + "` gave no class path (exit " + info.exitValue() + ")");
        }
        return fromClassPath(classPath);
    }

    /** JBang's class path: the built jar first, then the dependencies. */
    static EppJars fromClassPath(String classPath) throws IOException {
        List<Path> entries = Arrays.stream(classPath.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        if (entries.isEmpty() || !Files.isRegularFile(entries.get(0))) {
            throw new ImageBuildException("JBang's class path does not start with the EPP's jar: " + classPath);
        }
        Map<String, Path> dependencies = new LinkedHashMap<>();
        for (Path jar : entries.subList(1, entries.size())) {
            if (!Files.isRegularFile(jar)) {
                throw new ImageBuildException("dependency " + jar + " on JBang's class path is not a file");
            }
            dependencies.put(uniqueName(dependencies, jar.getFileName().toString()), jar);
        }
        return new EppJars(entries.get(0), dependencies, mainClass(entries.get(0)));
    }

    /** Two artifacts can share a file name (same artifactId and version in different groups). */
    private static String uniqueName(Map<String, Path> taken, String name) {
        String unique = name;
        for (int i = 2; taken.containsKey(unique); i++) {
            unique = i + "-" + name;
        }
        return unique;
    }

    private static String mainClass(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String main = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null || main.isBlank()) {
                throw new ImageBuildException(jar + " has no Main-Class: is it the EPP's jar?");
            }
            return main;
        }
    }

    List<Path> classPath() {
        List<Path> all = new ArrayList<>();
        all.add(appJar);
        all.addAll(dependencies.values());
        return all;
    }
}
