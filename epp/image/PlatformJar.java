package epp.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A dependency jar as the image carries it, rewritten only where that saves size or start time:
 *
 * <ul>
 * <li>native libraries for other platforms are left out: the image runs on one (linux and the
 *     build machine's architecture), and jars such as DJL's tokenizers (linux x86_64 and aarch64,
 *     macOS, Windows: 56 MB unpacked), Netty's BoringSSL, JNA and LZ4 carry one per platform and
 *     pick theirs at run time by the same os/arch names;</li>
 * <li>jar signatures are removed: a static class-data archive leaves out every class of a signed
 *     jar, so BouncyCastle's (signed) classes were read, verified and parsed at each start, on the
 *     thread that makes the TLS certificate. The EPP uses BouncyCastle as a library (its
 *     certificate builder and PEM parser), not as a JCE provider, which is what the signature is
 *     for on JDKs that check it (OpenJDK does not).</li>
 * </ul>
 *
 * Every other entry is copied unchanged (name, time, content, order), so a jar with nothing to
 * leave out is not rewritten.
 */
final class PlatformJar {
    /** Native library files: ELF shared objects, and the other systems' formats. */
    private static final Pattern NATIVE_LIBRARY = Pattern.compile(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib|a)$");
    /** Names of operating systems other than Linux, as the jars' native paths spell them. */
    private static final Pattern OTHER_OS = Pattern.compile("(^|[/_-])(win(dows)?|osx|darwin|mac(os)?|aix|freebsd|openbsd|netbsd|dragonfly(bsd)?|sunos|solaris|android)([-_/.0-9]|$)");
    private static final Pattern ARCHITECTURE = Pattern.compile("x86|i[3-6]86|amd64|aarch|arm|ppc|s390|riscv|loongarch|mips|sparc");
    /** `META-INF/NAME.SF` and its signature block: what makes a jar signed. */
    private static final Pattern SIGNATURE_FILE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)", Pattern.CASE_INSENSITIVE);

    private PlatformJar() {}

    /** How this machine's architecture is spelled in native library paths (os.arch amd64 → x86_64, x86-64, amd64). */
    static List<String> architectureNames(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> List.of("x86_64", "x86-64", "amd64");
            case "aarch64", "arm64" -> List.of("aarch64", "aarch_64", "arm64");
            default -> List.of(osArch);
        };
    }

    /** Whether the image (linux, an architecture spelled {@code architectures}) keeps the jar entry {@code name}. */
    static boolean keeps(String name, List<String> architectures) {
        if (SIGNATURE_FILE.matcher(name).matches()) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (!NATIVE_LIBRARY.matcher(lower).matches()) {
            return true;
        }
        if (!lower.matches(".*\\.so(\\.\\d+)*$") || OTHER_OS.matcher(lower).find()) {
            return false; // Windows, macOS and AIX libraries, or an ELF library for a BSD or Solaris
        }
        // An ELF library: kept when its path names this architecture, or names no architecture at all.
        return architectures.stream().anyMatch(lower::contains) || !namesAnArchitecture(lower);
    }

    private static boolean namesAnArchitecture(String lowerName) {
        return ARCHITECTURE.matcher(lowerName).find();
    }

    /**
     * Writes the jar as the image carries it to {@code target} and returns true, or returns false
     * (writing nothing) when it keeps every entry and is not signed.
     */
    static boolean trim(Path jar, Path target, List<String> architectures) throws IOException {
        try (var zip = new ZipFile(jar.toFile())) {
            boolean signed = zip.stream().anyMatch(e -> SIGNATURE_FILE.matcher(e.getName()).matches());
            if (zip.stream().allMatch(e -> keeps(e.getName(), architectures))) { // a signed jar's signature files are not kept
                return false;
            }
            try (OutputStream file = Files.newOutputStream(target); var out = new ZipOutputStream(file)) {
                for (ZipEntry entry : zip.stream().toList()) {
                    if (!keeps(entry.getName(), architectures)) {
                        continue;
                    }
                    boolean manifest = signed && entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME);
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    if (entry.getMethod() == ZipEntry.STORED && !manifest) {
                        copy.setMethod(ZipEntry.STORED);
                        copy.setSize(entry.getSize());
                        copy.setCompressedSize(entry.getSize());
                        copy.setCrc(entry.getCrc());
                    }
                    out.putNextEntry(copy);
                    if (manifest) {
                        mainSectionOnly(zip, entry).write(out);
                    } else {
                        try (InputStream in = zip.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
            return true;
        }
    }

    /** A signed jar's manifest without its per-entry sections: those hold the entries' digests, which only the signature uses. */
    private static Manifest mainSectionOnly(ZipFile zip, ZipEntry manifestEntry) throws IOException {
        try (InputStream in = zip.getInputStream(manifestEntry)) {
            Manifest manifest = new Manifest(in);
            Manifest main = new Manifest();
            main.getMainAttributes().putAll(manifest.getMainAttributes());
            if (main.getMainAttributes().getValue(Attributes.Name.MANIFEST_VERSION) == null) {
                main.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            }
            return main;
        }
    }
}
