package epp.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build machine's shared libraries that a `scratch` image needs to run the jlinked runtime:
 * what `ldd` resolves for the `java` launcher, every library of the runtime, and the native
 * libraries the EPP's dependency jars unpack for this platform at run time (Netty's epoll
 * transport and BoringSSL, LZ4), including the dynamic loader. Each goes at the path `ldd`
 * printed, which is where the loader looks for it.
 */
final class SharedLibraries {
    /** `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)`, `/lib64/ld-linux-x86-64.so.2 (0x...)`, `libjvm.so => not found`. */
    private static final Pattern LDD_LINE = Pattern.compile("^\\s*(\\S+)(?: => (\\S+|not found))?(?: \\(0x[0-9a-f]+\\))?\\s*$");

    private SharedLibraries() {}

    /** Image path → file on this machine, for every library outside {@code runtime} that its binaries and {@code jars}' native libraries load. */
    static Map<String, Path> of(Path runtime, List<Path> jars, Path scratch) throws IOException, InterruptedException {
        if (!System.getProperty("os.name").equals("Linux")) {
            throw new ImageBuildException("the scratch base takes its shared libraries from the build machine, which must be Linux"
                    + " (this is " + System.getProperty("os.name") + "): build on Linux, or pass --from IMAGE with a glibc base image");
        }
        List<Path> binaries = new ArrayList<>();
        binaries.add(JavaRuntime.javaLauncher(runtime));
        try (Stream<Path> files = Files.walk(runtime)) {
            files.filter(f -> f.getFileName().toString().endsWith(".so")).sorted().forEach(binaries::add);
        }
        binaries.addAll(nativeLibrariesIn(jars, Files.createDirectories(scratch)));
        Set<String> ownNames = new TreeSet<>();
        binaries.stream().filter(b -> b.startsWith(runtime)).forEach(b -> ownNames.add(b.getFileName().toString()));

        Map<String, Path> libraries = new TreeMap<>();
        for (Path binary : binaries) {
            for (String line : ldd(binary)) {
                Matcher m = LDD_LINE.matcher(line);
                if (!m.matches() || line.contains("statically linked")) {
                    continue;
                }
                String name = m.group(1);
                String resolved = m.group(2) != null ? m.group(2) : name;
                if (resolved.equals("not found")) {
                    if (ownNames.contains(name)) {
                        continue; // e.g. libjvm.so: libjli loads it from the runtime's lib/server by path
                    }
                    throw new ImageBuildException(binary + " needs " + name + ", which this machine does not have: install it, or pass --from IMAGE");
                }
                if (!resolved.startsWith("/") || Path.of(resolved).startsWith(runtime) || Path.of(resolved).startsWith(scratch)) {
                    continue; // linux-vdso.so.1 (the kernel's), or the runtime's own libraries
                }
                libraries.put(resolved, Path.of(resolved).toRealPath());
            }
        }
        return libraries;
    }

    /** Unpacks the jars' native libraries for this platform (`.so` entries under a linux + this architecture path). */
    private static List<Path> nativeLibrariesIn(List<Path> jars, Path scratch) throws IOException {
        List<String> arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> List.of("x86_64", "amd64");
            case "aarch64", "arm64" -> List.of("aarch_64", "aarch64");
            default -> List.of(System.getProperty("os.arch"));
        };
        List<Path> unpacked = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                var entries = file.stream().filter(e -> !e.isDirectory() && e.getName().endsWith(".so")
                        && e.getName().toLowerCase().contains("linux") && arch.stream().anyMatch(e.getName()::contains)).toList();
                for (var entry : entries) {
                    Path target = scratch.resolve(unpacked.size() + "-" + Path.of(entry.getName()).getFileName());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    unpacked.add(target);
                }
            }
        }
        return unpacked;
    }

    private static List<String> ldd(Path binary) throws IOException, InterruptedException {
        Process ldd;
        try {
            ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ImageBuildException("cannot run ldd (" + e.getMessage() + "): the scratch base needs it to find the shared"
                    + " libraries of the runtime; install it (glibc's libc-bin) or pass --from IMAGE", e);
        }
        String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ldd.waitFor() != 0) {
            throw new ImageBuildException("ldd " + binary + " failed: " + output.strip());
        }
        return output.lines().toList();
    }
}
