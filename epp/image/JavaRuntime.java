package epp.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /**
     * --compress=2 (zip) halves lib/modules; classes the EPP starts with come from the class-data
     * archive anyway. --exclude-files: java.desktop is linked for java.beans (Jinjava's and
     * Jackson's bean introspection), but a headless server never loads its X11, font, sound,
     * image and splash-screen libraries, and they would bring X11, freetype, harfbuzz, glib and
     * ALSA into a scratch image's system layer.
     */
    private static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2",
            "--exclude-files=" + String.join(",", List.of("libawt_xawt.so", "libjawt.so", "libfontmanager.so", "libjavajpeg.so",
                    "libjsound.so", "liblcms.so", "libsplashscreen.so", "libmlib_image.so").stream().map(f -> "**/" + f).toList()));
    /**
     * The JDK's security providers (conf/security/java.security) and the module each lives in. A
     * provider whose module is not linked is dropped from the runtime's list: the JDK would look
     * for it with a ServiceLoader over the class path on the first lookup that reaches it (Netty
     * asks for TLSv1.3 that way), and instantiate every provider a jar registers on the way
     * (BouncyCastle's BC and BCPQC: 700 classes, 0.5 s of a start).
     */
    private static final Map<String, String> PROVIDER_MODULES = Map.ofEntries(
            Map.entry("SUN", "java.base"), Map.entry("SunRsaSign", "java.base"), Map.entry("SunJSSE", "java.base"),
            Map.entry("SunJCE", "java.base"), Map.entry("SunJGSS", "java.security.jgss"), Map.entry("SunSASL", "java.security.sasl"),
            Map.entry("XMLDSig", "java.xml.crypto"), Map.entry("SunPCSC", "java.smartcardio"), Map.entry("JdkLDAP", "java.naming"),
            Map.entry("JdkSASL", "jdk.security.jgss"), Map.entry("SunPKCS11", "jdk.crypto.cryptoki"));
    private static final Pattern PROVIDER_LINE = Pattern.compile("^security\\.provider\\.\\d+=(\\S+)(.*)$");
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

    /**
     * The runtime with {@code modules}, copied to {@code output}. It is jlinked once per JDK and
     * module set into {@code cache}: JDK 17's jlink does not write the same `lib/modules` twice,
     * and a reused runtime keeps the image's runtime layer (and so its digest) the same.
     */
    static void linkCached(Set<String> modules, Path cache, Path output) throws IOException {
        String key = sha256(System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|" + modules + "|" + JLINK_OPTIONS
                + "|linked providers only");
        Path cached = cache.resolve("runtime-" + key.substring(0, 16));
        if (!Files.isRegularFile(javaLauncher(cached))) {
            Path partial = Files.createDirectories(cache).resolve(cached.getFileName() + ".partial-" + ProcessHandle.current().pid());
            link(modules, partial);
            try {
                Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                deleteRecursively(partial); // another build linked the same runtime first
            }
        }
        copyTree(cached, output);
    }

    /** jlinks {@code modules} of this JDK into {@code output} (which must not exist yet). */
    static void link(Set<String> modules, Path output) throws IOException {
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        if (!Files.isDirectory(jmods)) {
            throw new ImageBuildException("this JDK (" + System.getProperty("java.home") + ") has no jmods/ directory for jlink:"
                    + " install a full JDK (on Debian: openjdk-17-jdk) or run with one");
        }
        List<String> args = new ArrayList<>(List.of("--module-path", jmods.toString(), "--add-modules", String.join(",", modules)));
        args.addAll(JLINK_OPTIONS);
        args.addAll(List.of("--output", output.toString()));
        run("jlink", args.toArray(new String[0]));
        keepLinkedProviders(output);
    }

    /**
     * Rewrites the runtime's provider list without the providers of modules it does not have
     * (renumbered: the JDK stops at the first gap). The modules are those its `release` file
     * lists: what was asked for and what that requires.
     */
    static void keepLinkedProviders(Path runtime) throws IOException {
        Path javaSecurity = runtime.resolve("conf/security/java.security");
        Set<String> modules = Set.of(Files.readAllLines(runtime.resolve("release")).stream().filter(l -> l.startsWith("MODULES="))
                .findFirst().orElseThrow(() -> new ImageBuildException("jlink wrote no MODULES line in " + runtime.resolve("release")))
                .substring("MODULES=".length()).replace("\"", "").strip().split("\\s+"));
        List<String> lines = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(javaSecurity, StandardCharsets.ISO_8859_1)) {
            Matcher provider = PROVIDER_LINE.matcher(line);
            if (!provider.matches()) {
                lines.add(line);
                continue;
            }
            String module = PROVIDER_MODULES.get(provider.group(1));
            if (provider.group(1).equals("SunEC")) {
                module = Runtime.version().feature() >= 22 ? "java.base" : "jdk.crypto.ec"; // moved into java.base in JDK 22
            }
            if (module == null || modules.contains(module)) { // a provider this table does not know is kept
                lines.add("security.provider." + ++number + "=" + provider.group(1) + provider.group(2));
            }
        }
        Files.write(javaSecurity, lines, StandardCharsets.ISO_8859_1);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
