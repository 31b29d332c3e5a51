///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../../dependencies/Picocli.java
//SOURCES ../../dependencies/JibCore.java
//SOURCES ../../dependencies/Grpc.java
//SOURCES CdsTraining.java
//SOURCES EppJars.java
//SOURCES ImageBuildException.java
//SOURCES ImageContents.java
//SOURCES ImageLayout.java
//SOURCES ImageWriter.java
//SOURCES JavaRuntime.java
//SOURCES PlatformJar.java
//SOURCES SharedLibraries.java
//SOURCES TrainingApi.java

package epp.image;

import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `epp-image`: builds the EPP's container image with Jib, without a container daemon, to a tar
 * file or a registry. Prints the image's reference and digest on stdout; progress on stderr.
 */
@Command(name = "epp-image", sortOptions = false, usageHelpWidth = 120, mixinStandardHelpOptions = false,
        description = {"Build the Endpoint Picker's container image (OCI) with Jib, without a container daemon.",
                "By default the base is empty (scratch): a jlinked Java runtime with the shared libraries it needs from this",
                "machine, so nothing is downloaded. The entrypoint takes the upstream EPP's flags, as the chart passes them."})
public final class EppImage implements Callable<Integer> {
    static final String DEFAULT_NAME = "localhost/pool-epp:latest";
    static final String DEFAULT_EPP = "epp/EndpointPicker.java";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    static final class Destination {
        @Option(names = "--output", paramLabel = "FILE", description = "Write the image to this tar file (podman load, docker load, kind load image-archive).")
        Path output;

        @Option(names = "--push", paramLabel = "REF", description = "Push the image to this registry reference (credentials of docker/podman login).")
        String push;
    }

    @Option(names = "--name", paramLabel = "REF", defaultValue = DEFAULT_NAME,
            description = "With --output: the reference the image loads as (default: ${DEFAULT-VALUE}).")
    String name;

    enum Format { oci, docker }

    @Option(names = "--format", paramLabel = "oci|docker", defaultValue = "oci",
            description = "Image format: oci (default), or docker for a tar that Docker before 25.0 can load.")
    Format format;

    @Option(names = "--from", paramLabel = "IMAGE",
            description = "Base image from a registry (glibc-based, e.g. gcr.io/distroless/base-debian12:nonroot) instead of scratch;"
                    + " the build machine's shared libraries are then not added.")
    String from;

    @Option(names = "--epp", paramLabel = "REF", defaultValue = DEFAULT_EPP,
            description = "The EPP's JBang script: a path, URL or alias such as epp@ORG (default: ${DEFAULT-VALUE}).")
    String epp;

    @Option(names = "--jbang", paramLabel = "COMMAND",
            description = "The JBang command that builds the EPP (default: the one running this, else jbang on the PATH).")
    String jbang;

    @Option(names = "--allow-insecure-registries", description = "Allow plain HTTP (or unverified TLS) registries for --push and --from.")
    boolean allowInsecureRegistries;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final long started = System.nanoTime();

    EppImage(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String... args) {
        System.exit(execute(System.out, System.err, args));
    }

    static int execute(PrintStream out, PrintStream err, String... args) {
        return new CommandLine(new EppImage(out, err)).setOut(new java.io.PrintWriter(err, true))
                .setErr(new java.io.PrintWriter(err, true)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (destination.output != null && (destination.output.getParent() != null && !Files.isDirectory(destination.output.getParent()))) {
            err.println("epp-image: --output " + destination.output + ": the directory " + destination.output.getParent()
                    + " does not exist; create it or choose another path");
            return 1;
        }
        Path scratch = Files.createTempDirectory("epp-image");
        try {
            EppJars jars = buildEpp();
            ImageContents contents = ImageContents.stage(jars, from == null, scratch.resolve("stage"), this::progress);
            JibContainer image = write(contents, scratch.resolve("jib"));
            String reference = destination.output != null ? name : destination.push;
            progress("done");
            out.println(reference + "@" + image.getDigest());
            return 0;
        } catch (ImageBuildException e) {
            err.println("epp-image: " + e.getMessage());
            return 1;
        } finally {
            deleteRecursively(scratch);
        }
    }

    private void progress(String what) {
        err.printf("epp-image: [%4.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private EppJars buildEpp() throws IOException, InterruptedException {
        if (epp.equals(DEFAULT_EPP) && !Files.isRegularFile(Path.of(DEFAULT_EPP))) {
            throw new ImageBuildException("no " + DEFAULT_EPP + " here: run from a clone of pool, or pass --epp with the EPP's"
                    + " script (a path, a URL, or its catalog alias such as epp@ORG)");
        }
        progress("building the EPP (" + epp + ") with JBang");
        return EppJars.build(jbangCommand(), epp);
    }

    /** The JBang that runs this command (the repo's ./jbang and JBang's own launcher export JBANG_LAUNCH_CMD), else `jbang`. */
    private List<String> jbangCommand() {
        if (jbang != null) {
            return List.of(jbang);
        }
        String launcher = System.getenv("JBANG_LAUNCH_CMD");
        return List.of(launcher != null && Files.isExecutable(Path.of(launcher)) ? launcher : "jbang");
    }

    private JibContainer write(ImageContents contents, Path scratch) throws Exception {
        var writer = new ImageWriter(this::log, Files.createDirectories(scratch));
        if (destination.output == null) {
            progress("pushing to " + destination.push);
            return writer.write(contents, from, new ImageWriter.RegistryTarget(destination.push, allowInsecureRegistries),
                    imageFormat());
        }
        // Written beside the target and moved into place: an interrupted build leaves no half tar behind.
        Path partial = destination.output.resolveSibling(destination.output.getFileName() + ".partial");
        progress("writing " + destination.output + " (" + name + ")");
        try {
            JibContainer image = writer.write(contents, from, new ImageWriter.TarTarget(partial, name), imageFormat());
            Files.move(partial, destination.output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return image;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private com.google.cloud.tools.jib.api.buildplan.ImageFormat imageFormat() {
        return format == Format.docker ? com.google.cloud.tools.jib.api.buildplan.ImageFormat.Docker
                : com.google.cloud.tools.jib.api.buildplan.ImageFormat.OCI;
    }

    private void log(LogEvent event) {
        switch (event.getLevel()) {
            case ERROR, WARN, LIFECYCLE -> err.println("epp-image: " + event.getMessage());
            default -> { }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
