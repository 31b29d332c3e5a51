package epp.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image Jib writes from staged contents (a stand-in runtime, jars, archive and libraries, so
 * no jlink or training run is needed), read back from the tar: the config a container runtime
 * starts (entrypoint, user, ports, env, working directory), and the layers in order with each
 * file's path, mode, owner and fixed time.
 */
class ImageWriterTest {
    @TempDir
    Path dir;

    @Test
    void theConfigStartsTheEppAsTheNonRootUserWithTheChartsArgumentsAppended() throws Exception {
        ImageTar image = ImageTar.read(writeTar(stagedContents(), "image.tar"));

        JsonNode config = image.containerConfig();
        assertEquals(List.of("/opt/java/bin/java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:MaxNewSize=64m", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData",
                "-XX:SharedArchiveFile=epp.jsa", "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-cp", "epp.jar:libs/dep-a-1.0.jar:libs/dep-b-2.0.jar", "epp.EndpointPicker"), strings(config.get("Entrypoint")));
        assertTrue(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull() || config.get("Cmd").isEmpty(),
                "no Cmd, so the Deployment's args follow the entrypoint: " + config.get("Cmd"));
        assertEquals("65532:65532", config.get("User").asText());
        assertEquals("/app", config.get("WorkingDir").asText());
        assertEquals(Set.of("9002/tcp", "9003/tcp", "9090/tcp"), fieldNames(config.get("ExposedPorts")));
        assertTrue(strings(config.get("Env")).containsAll(List.of("JAVA_HOME=/opt/java", "LANG=C.UTF-8",
                "PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")),
                config.get("Env").toString());
        assertEquals("linux", image.config.get("os").asText());
        assertEquals(ImageWriter.platform().getArchitecture(), image.config.get("architecture").asText());
        assertEquals("localhost/pool-epp:test", image.referenceName);
        assertEquals("application/vnd.oci.image.manifest.v1+json", image.manifest.get("mediaType").asText());
    }

    @Test
    void layersGoFromSystemFilesToTheClassDataArchiveEachFileWithItsModeOwnerAndFixedTime() throws Exception {
        List<Map<String, ImageTar.Entry>> layers = ImageTar.read(writeTar(stagedContents(), "image.tar")).layers();

        assertEquals(5, layers.size(), "system, runtime, dependencies, application, class data");
        Map<String, ImageTar.Entry> system = layers.get(0);
        assertEquals(0755, system.get("lib/x86_64-linux-gnu/libc.so.6").mode());
        assertEquals(0755, system.get("lib64/ld-linux-x86-64.so.2").mode());
        assertEquals(0644, system.get("etc/passwd").mode());
        assertEquals(0777, system.get("tmp").mode() & 0777, "a /tmp anyone can write (Netty unpacks its native code there)");
        assertEquals(65532, system.get("home/nonroot").uid());
        assertEquals(List.of("opt/java/bin/java", "opt/java/lib/modules"), files(layers.get(1)));
        assertEquals(0755, layers.get(1).get("opt/java/bin/java").mode());
        assertEquals(0644, layers.get(1).get("opt/java/lib/modules").mode());
        assertEquals(List.of("app/libs/dep-a-1.0.jar", "app/libs/dep-b-2.0.jar"), files(layers.get(2)));
        assertEquals(List.of("app/epp.jar"), files(layers.get(3)));
        assertEquals(List.of("app/epp.jsa"), files(layers.get(4)));
        for (var layer : layers) {
            for (var entry : layer.values()) {
                assertEquals(1, entry.mtime(), entry.path() + ": the fixed time the class-data archive was dumped against");
                if (!entry.path().contains("home/nonroot")) {
                    assertEquals(0, entry.uid(), entry.path());
                }
            }
        }
    }

    @Test
    void thePasswdFileNamesTheNonRootUser() throws Exception {
        ImageTar image = ImageTar.read(writeTar(stagedContents(), "image.tar"));
        var passwd = image.layers().get(0).get("etc/passwd");
        assertEquals(0, passwd.uid());
        String text = Files.readString(dir.resolve("scratch-1/etc/passwd"));
        assertTrue(text.contains("nonroot:x:65532:65532:nonroot:/home/nonroot:"), text);
    }

    @Test
    void theSameContentsGiveTheSameImageDigest() throws Exception {
        ImageContents contents = stagedContents();
        ImageTar first = ImageTar.read(writeTar(contents, "first.tar"));
        ImageTar second = ImageTar.read(writeTar(contents, "second.tar"));
        assertEquals(first.layerDigests(), second.layerDigests());
        assertEquals(first.config, second.config);
        assertEquals("1970-01-01T00:00:00Z", first.config.get("created").asText());
    }

    @Test
    void theDockerFormatTarCarriesTheSameConfigAndLayers() throws Exception {
        ImageContents contents = stagedContents();
        ImageTar oci = ImageTar.read(writeTar(contents, "oci.tar"));
        Path dockerTar = dir.resolve("docker.tar");
        new ImageWriter(event -> { }, Files.createDirectories(dir.resolve("scratch-docker")))
                .write(contents, null, new ImageWriter.TarTarget(dockerTar, "localhost/pool-epp:test"),
                        com.google.cloud.tools.jib.api.buildplan.ImageFormat.Docker);
        ImageTar docker = ImageTar.read(dockerTar);
        assertTrue(docker.files.containsKey("manifest.json"), "docker load's manifest.json: " + docker.files.keySet());
        assertEquals("localhost/pool-epp:test", docker.referenceName);
        assertEquals(oci.containerConfig().get("Entrypoint"), docker.containerConfig().get("Entrypoint"));
        assertEquals(oci.containerConfig().get("User"), docker.containerConfig().get("User"));
        assertEquals(oci.layers().stream().map(Map::keySet).toList(), docker.layers().stream().map(Map::keySet).toList());
    }

    @Test
    void anUnknownFormatIsBadUsage() {
        var err = new ByteArrayOutputStream();
        int exit = EppImage.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                "--output", dir.resolve("x.tar").toString(), "--format", "zip");
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--format"), err.toString());
    }

    @Test
    void withoutAnOutputOrAPushTheUsageIsWrong() {
        var err = new ByteArrayOutputStream();
        int exit = EppImage.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), "--from", "debian:12");
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--output") && err.toString(StandardCharsets.UTF_8).contains("--push"), err.toString());
    }

    @Test
    void anOutputAndAPushTogetherAreBadUsage() {
        var err = new ByteArrayOutputStream();
        int exit = EppImage.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                "--output", dir.resolve("x.tar").toString(), "--push", "registry.example/epp:1");
        assertEquals(2, exit, err.toString());
    }

    @Test
    void anOutputInAMissingDirectoryFailsBeforeAnythingIsBuilt() {
        var err = new ByteArrayOutputStream();
        int exit = EppImage.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                "--output", dir.resolve("missing/epp.tar").toString(), "--epp", "does-not-exist.java");
        assertEquals(1, exit, err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not exist"), err.toString());
    }

    // ---- staging -----------------------------------------------------------------------------

    private int tars;

    private Path writeTar(ImageContents contents, String name) throws Exception {
        Path scratch = Files.createDirectories(dir.resolve("scratch-" + ++tars));
        Path tar = dir.resolve(name);
        new ImageWriter(event -> { }, scratch).write(contents, null, new ImageWriter.TarTarget(tar, "localhost/pool-epp:test"));
        return tar;
    }

    /** What {@link ImageContents#stage} leaves, with stand-ins: a two-file runtime, three jars, an archive, two libraries. */
    private ImageContents stagedContents() throws IOException {
        Path root = dir.resolve("stage");
        if (Files.isDirectory(root)) {
            return contentsIn(root);
        }
        Path bin = Files.createDirectories(root.resolve("opt/java/bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(Files.createDirectories(root.resolve("opt/java/lib")).resolve("modules"), "modules");
        Path libs = Files.createDirectories(root.resolve("app/libs"));
        jar(root.resolve("app/epp.jar"), "epp.EndpointPicker");
        jar(libs.resolve("dep-a-1.0.jar"), null);
        jar(libs.resolve("dep-b-2.0.jar"), null);
        Files.writeString(root.resolve("app/epp.jsa"), "archive");
        Path hostLibs = Files.createDirectories(dir.resolve("host-libs"));
        Files.writeString(hostLibs.resolve("libc.so.6"), "libc");
        Files.writeString(hostLibs.resolve("ld.so"), "loader");
        return contentsIn(root);
    }

    private ImageContents contentsIn(Path root) throws IOException {
        Map<String, Path> dependencies = new LinkedHashMap<>();
        dependencies.put("dep-a-1.0.jar", root.resolve("app/libs/dep-a-1.0.jar"));
        dependencies.put("dep-b-2.0.jar", root.resolve("app/libs/dep-b-2.0.jar"));
        EppJars jars = new EppJars(root.resolve("app/epp.jar"), dependencies, "epp.EndpointPicker");
        Map<String, Path> libraries = new LinkedHashMap<>();
        libraries.put("/lib/x86_64-linux-gnu/libc.so.6", dir.resolve("host-libs/libc.so.6"));
        libraries.put("/lib64/ld-linux-x86-64.so.2", dir.resolve("host-libs/ld.so"));
        return new ImageContents(root, jars, ImageLayout.classPath(List.copyOf(dependencies.keySet())), libraries, true);
    }

    private static void jar(Path path, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        try (var out = new JarOutputStream(Files.newOutputStream(path), manifest)) {
            out.closeEntry();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> files(Map<String, ImageTar.Entry> layer) {
        return layer.values().stream().filter(e -> e.type() == '0').map(ImageTar.Entry::path).sorted().toList();
    }
}
