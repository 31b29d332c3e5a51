package epp.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dependency jars as the image carries them: this platform's native libraries only, no signatures. */
class PlatformJarTest {
    private static final List<String> X86_64 = PlatformJar.architectureNames("amd64");

    @Test
    void keepsOnlyLinuxLibrariesForThisArchitectureAsTheJarsNameThem() {
        for (String kept : List.of(
                "native/lib/linux-x86_64/cpu/libtokenizers.so",                            // DJL
                "META-INF/native/libio_grpc_netty_shaded_netty_tcnative_linux_x86_64.so",   // Netty BoringSSL
                "META-INF/native/libio_grpc_netty_shaded_netty_transport_native_epoll_x86_64.so",
                "com/sun/jna/linux-x86-64/libjnidispatch.so",                               // JNA
                "net/jpountz/util/linux/amd64/liblz4-java.so",                              // LZ4
                "native/libnamesnoarchitecture.so",
                "ai/djl/Model.class", "META-INF/MANIFEST.MF", "native/lib/tokenizers.properties")) {
            assertTrue(PlatformJar.keeps(kept, X86_64), kept);
        }
        for (String left : List.of(
                "native/lib/linux-aarch64/cpu/libtokenizers.so", "native/lib/osx-aarch64/cpu/libtokenizers.dylib",
                "native/lib/win-x86_64/cpu/tokenizers.dll", "native/lib/win-x86_64/cpu/libstdc++-6.dll",
                "META-INF/native/libio_grpc_netty_shaded_netty_tcnative_linux_aarch_64.so",
                "META-INF/native/libio_grpc_netty_shaded_netty_tcnative_osx_x86_64.jnilib",
                "META-INF/native/libio_grpc_netty_shaded_netty_transport_native_epoll_aarch_64.so",
                "com/sun/jna/linux-x86/libjnidispatch.so", "com/sun/jna/freebsd-x86-64/libjnidispatch.so",
                "com/sun/jna/sunos-x86-64/libjnidispatch.so", "com/sun/jna/aix-ppc64/libjnidispatch.a",
                "net/jpountz/util/linux/i386/liblz4-java.so", "net/jpountz/util/linux/ppc64le/liblz4-java.so",
                "META-INF/BC1024KE.SF", "META-INF/BC1024KE.DSA", "META-INF/SIGNER.RSA")) {
            assertFalse(PlatformJar.keeps(left, X86_64), left);
        }
        assertTrue(PlatformJar.keeps("native/lib/linux-aarch64/cpu/libtokenizers.so", PlatformJar.architectureNames("aarch64")));
    }

    @Test
    void aSignedJarLosesItsSignatureAndOtherPlatformsLibrariesAndKeepsEverythingElse(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("signed.jar");
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-Name", "bouncy");
        var digests = new Attributes();
        digests.putValue("SHA-256-Digest", "AAAA");
        manifest.getEntries().put("org/example/A.class", digests);
        try (OutputStream file = Files.newOutputStream(jar); var out = new ZipOutputStream(file)) {
            put(out, JarFile.MANIFEST_NAME, manifest);
            put(out, "META-INF/SIGNER.SF", "Signature-Version: 1.0\n");
            put(out, "META-INF/SIGNER.RSA", "not really a signature");
            put(out, "org/example/A.class", "class bytes");
            put(out, "native/lib/linux-x86_64/cpu/libx.so", "elf x86_64");
            put(out, "native/lib/osx-aarch64/cpu/libx.dylib", "mach-o");
        }
        Path trimmed = dir.resolve("trimmed.jar");
        assertTrue(PlatformJar.trim(jar, trimmed, X86_64));
        try (var file = new JarFile(trimmed.toFile())) {
            assertEquals(List.of("META-INF/MANIFEST.MF", "org/example/A.class", "native/lib/linux-x86_64/cpu/libx.so"),
                    file.stream().map(ZipEntry::getName).toList());
            assertEquals("bouncy", file.getManifest().getMainAttributes().getValue("Bundle-Name"));
            assertTrue(file.getManifest().getEntries().isEmpty(), "no per-entry digests left");
            JarEntry entry = file.getJarEntry("org/example/A.class");
            assertEquals("class bytes", new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
            assertNull(entry.getCodeSigners(), "an unsigned jar");
            assertEquals(entryTime(jar, "org/example/A.class"), entry.getTime());
        }
    }

    @Test
    void aJarWithNothingToLeaveOutIsNotRewritten(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("plain.jar");
        try (OutputStream file = Files.newOutputStream(jar); var out = new ZipOutputStream(file)) {
            put(out, "org/example/A.class", "class bytes");
            put(out, "native/lib/linux-x86_64/cpu/libx.so", "elf x86_64");
        }
        Path target = dir.resolve("target.jar");
        assertFalse(PlatformJar.trim(jar, target, X86_64));
        assertFalse(Files.exists(target));
    }

    private static long entryTime(Path jar, String name) throws IOException {
        try (var file = new JarFile(jar.toFile())) {
            return file.getEntry(name).getTime();
        }
    }

    private static void put(ZipOutputStream out, String name, Object content) throws IOException {
        var entry = new ZipEntry(name);
        entry.setTime(1_600_000_000_000L);
        out.putNextEntry(entry);
        if (content instanceof Manifest manifest) {
            manifest.write(out);
        } else {
            out.write(content.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }
}
