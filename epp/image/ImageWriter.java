package epp.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Assembles the image with Jib (no daemon) from staged {@link ImageContents} and writes it to a
 * tar file or pushes it. Layers go from the least to the most often changed, so a rebuild after
 * an EPP change only replaces the last ones: shared libraries and user files (scratch base only),
 * the Java runtime, the dependency jars, the EPP's own jar, the class-data archive.
 */
final class ImageWriter {
    static final String TOOL_NAME = "pool-epp-image";
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions READABLE = FilePermissions.fromOctalString("644");
    private static final String ROOT = "0:0";

    private final Consumer<LogEvent> log;
    private final Path scratch;

    ImageWriter(Consumer<LogEvent> log, Path scratch) {
        this.log = log;
        this.scratch = scratch;
    }

    /** Where the image goes: a tar file (with the reference it loads as) or a registry. */
    sealed interface Target permits TarTarget, RegistryTarget {}

    record TarTarget(Path file, String reference) implements Target {}

    record RegistryTarget(String reference, boolean allowInsecure) implements Target {}

    JibContainer write(ImageContents contents, String baseImage, Target target) throws Exception {
        return write(contents, baseImage, target, ImageFormat.OCI);
    }

    /** {@code format}: OCI (index.json layout in a tar) or Docker (manifest.json, for `docker load` before Docker 25). */
    JibContainer write(ImageContents contents, String baseImage, Target target, ImageFormat format) throws Exception {
        JibContainerBuilder builder = baseImage == null ? Jib.fromScratch() : Jib.from(registryImage(baseImage));
        builder.setPlatforms(Set.of(platform()))
                .setFormat(format)
                .setEntrypoint(contents.entrypoint())
                .setProgramArguments(List.of())
                .setWorkingDirectory(AbsoluteUnixPath.get(ImageLayout.APP_DIR))
                .setUser(ImageLayout.USER + ":" + ImageLayout.GROUP)
                .setEnvironment(ImageLayout.ENVIRONMENT)
                .setExposedPorts(new LinkedHashSet<>(ImageLayout.PORTS.stream().map(Port::tcp).toList()))
                .setLabels(Map.of(
                        "org.opencontainers.image.title", "pool EPP",
                        "org.opencontainers.image.description", "pool's Endpoint Picker (Envoy ext_proc server); takes the upstream EPP's flags"));
        if (baseImage == null) {
            builder.addFileEntriesLayer(systemLayer(contents));
        }
        builder.addFileEntriesLayer(directoryLayer("java runtime", contents.runtime(), ImageLayout.JAVA_HOME));
        builder.addFileEntriesLayer(directoryLayer("dependencies", contents.appDir().resolve(ImageLayout.DEPENDENCY_DIR),
                ImageLayout.APP_DIR + "/" + ImageLayout.DEPENDENCY_DIR));
        builder.addFileEntriesLayer(fileLayer("application", contents.appDir().resolve(ImageLayout.APP_JAR)));
        if (contents.withArchive()) {
            builder.addFileEntriesLayer(fileLayer("class data", contents.appDir().resolve(ImageLayout.CDS_ARCHIVE)));
        }

        Containerizer containerizer;
        if (target instanceof TarTarget tar) {
            containerizer = Containerizer.to(TarImage.at(tar.file()).named(tar.reference())).setOfflineMode(baseImage == null);
        } else {
            var registry = (RegistryTarget) target;
            containerizer = Containerizer.to(registryImage(registry.reference())).setAllowInsecureRegistries(registry.allowInsecure());
        }
        containerizer.setToolName(TOOL_NAME).addEventHandler(LogEvent.class, log::accept);
        return builder.containerize(containerizer);
    }

    static Platform platform() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        return new Platform(arch, "linux");
    }

    /** The shared libraries at the paths the loader looks in, a passwd/group naming the non-root user, its home, and a writable /tmp. */
    private FileEntriesLayer systemLayer(ImageContents contents) throws IOException {
        var layer = FileEntriesLayer.builder().setName("system");
        for (var library : contents.sharedLibraries().entrySet()) {
            layer.addEntry(library.getValue(), AbsoluteUnixPath.get(library.getKey()), EXECUTABLE, ImageContents.FILE_TIME, ROOT);
        }
        Path etc = Files.createDirectories(scratch.resolve("etc"));
        String user = ImageLayout.USER;
        String group = ImageLayout.GROUP;
        Path passwd = Files.writeString(etc.resolve("passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:" + user + ":" + group + ":nonroot:/home/nonroot:/sbin/nologin\n");
        Path groups = Files.writeString(etc.resolve("group"), "root:x:0:\nnonroot:x:" + group + ":\n");
        layer.addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"), READABLE, ImageContents.FILE_TIME, ROOT);
        layer.addEntry(groups, AbsoluteUnixPath.get("/etc/group"), READABLE, ImageContents.FILE_TIME, ROOT);
        Path emptyDir = Files.createDirectories(scratch.resolve("empty"));
        // Netty unpacks its native transport and BoringSSL into java.io.tmpdir.
        layer.addEntry(emptyDir, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), ImageContents.FILE_TIME, ROOT);
        layer.addEntry(emptyDir, AbsoluteUnixPath.get("/home/nonroot"), FilePermissions.fromOctalString("700"), ImageContents.FILE_TIME,
                user + ":" + group);
        return layer.build();
    }

    private static FileEntriesLayer directoryLayer(String name, Path source, String target) throws IOException {
        var layer = FileEntriesLayer.builder().setName(name);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = new ArrayList<>(walk.filter(p -> !p.equals(source)).sorted().toList());
        }
        for (Path file : files) {
            AbsoluteUnixPath inImage = AbsoluteUnixPath.get(target).resolve(source.relativize(file).toString());
            boolean executable = Files.isDirectory(file) || Files.isExecutable(file);
            layer.addEntry(file, inImage, executable ? EXECUTABLE : READABLE, ImageContents.FILE_TIME, ROOT);
        }
        return layer.build();
    }

    private static FileEntriesLayer fileLayer(String name, Path file) {
        return FileEntriesLayer.builder().setName(name)
                .addEntry(file, AbsoluteUnixPath.get(ImageLayout.APP_DIR).resolve(file.getFileName().toString()), READABLE,
                        ImageContents.FILE_TIME, ROOT)
                .build();
    }

    /** A registry image with the credentials `docker login` / `podman login` stored, or credential helpers. */
    private RegistryImage registryImage(String reference) throws InvalidImageReferenceException {
        ImageReference parsed = ImageReference.parse(reference);
        var credentials = CredentialRetrieverFactory.forImage(parsed, log);
        List<CredentialRetriever> retrievers = new ArrayList<>();
        String authFile = System.getenv("REGISTRY_AUTH_FILE");
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        for (String podmanAuth : new String[] {authFile, runtimeDir == null ? null : runtimeDir + "/containers/auth.json"}) {
            if (podmanAuth != null && Files.isRegularFile(Path.of(podmanAuth))) {
                retrievers.add(credentials.dockerConfig(Path.of(podmanAuth)));
            }
        }
        retrievers.add(credentials.dockerConfig());
        retrievers.add(credentials.wellKnownCredentialHelpers());
        RegistryImage image = RegistryImage.named(parsed);
        retrievers.forEach(image::addCredentialRetriever);
        return image;
    }
}
