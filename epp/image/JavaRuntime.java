package epp.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The Java runtime of the image: `jlink` of the build machine's JDK with only the modules the
 * EPP uses. jdeps finds the modules its classes refer to; {@link #LOADED_BY_NAME} adds those the
 * JDK loads by name or through ServiceLoader, which no class refers to.
 */
final class JavaRuntime {
    /**
     * jdk.crypto.ec: the SunEC provider (ECDHE key exchange and EC certificates for TLS: the
     * ext_proc listener, the Kubernetes API, OTLP over https). jdk.management: the platform
     * MXBeans behind process CPU and memory metrics (com.sun.management).
     */
    static final Set<String> LOADED_BY_NAME = Set.of("jdk.crypto.ec", "jdk.management");

    private static final Pattern MODULE_DEPENDENCY = Pattern.compile("^\\S+ -> ((?:java|jdk)\\.[\\w.]+)$", Pattern.MULTILINE);

    private JavaRuntime() {}

    /** The JDK modules the EPP's classes (and the dependencies they reach) refer to, plus {@link #LOADED_BY_NAME}. */
    static Set<String> modules(EppJars jars) {
        List<Path> dependencies = new ArrayList<>(jars.dependencies().values());
        String classPath = String.join(java.io.File.pathSeparator, dependencies.stream().map(Path::toString).toList());
        String summary = run("jdeps", "--ignore-missing-deps", "--multi-release", Integer.toString(Runtime.version().feature()),
                "--recursive", "-summary", "--class-path", classPath, jars.appJar().toString());
        Set<String> modules = new TreeSet<>(LOADED_BY_NAME);
        Matcher dependency = MODULE_DEPENDENCY.matcher(summary);
        while (dependency.find()) {
            modules.add(dependency.group(1));
        }
        modules.add("java.base");
        return modules;
    }

    /** jlinks {@code modules} of this JDK into {@code output} (which must not exist yet). */
    static void link(Set<String> modules, Path output) throws IOException {
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        if (!Files.isDirectory(jmods)) {
            throw new ImageBuildException("this JDK (" + System.getProperty("java.home") + ") has no jmods/ directory for jlink:"
                    + " install a full JDK (on Debian: openjdk-17-jdk) or run with one");
        }
        run("jlink", "--module-path", jmods.toString(), "--add-modules", String.join(",", modules),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2", "--output", output.toString());
    }

    static Path javaLauncher(Path runtime) {
        return runtime.resolve("bin/java");
    }

    private static String run(String tool, String... args) {
        ToolProvider provider = ToolProvider.findFirst(tool).orElseThrow(() ->
                new ImageBuildException("this JDK has no " + tool + " tool: run the image build with a full JDK 17+, not a JRE"));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit;
        try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = provider.run(outStream, errStream, args);
        }
        if (exit != 0) {
            throw new ImageBuildException(tool + " failed (exit " + exit + "): " + (err.toString(StandardCharsets.UTF_8)
                    + out.toString(StandardCharsets.UTF_8)).strip());
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
