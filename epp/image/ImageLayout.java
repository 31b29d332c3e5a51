package epp.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the EPP's parts sit in the image and how the container starts it. The entrypoint is the
 * JVM with the EPP's main class; the chart's Deployment renders only `args:`, so its arguments
 * (the upstream EPP's flags) are appended to it, as they are to the upstream image's `/epp`.
 */
public final class ImageLayout {
    static final String JAVA_HOME = "/opt/java";
    static final String JAVA = JAVA_HOME + "/bin/java";
    /** The working directory: the class path and the class-data archive are relative to it. */
    static final String APP_DIR = "/app";
    static final String APP_JAR = "epp.jar";
    static final String DEPENDENCY_DIR = "libs";
    static final String CDS_ARCHIVE = "epp.jsa";
    /** distroless' `nonroot`: a numeric user so Kubernetes' runAsNonRoot can check it without /etc/passwd. */
    static final String USER = "65532";
    static final String GROUP = "65532";
    /** The chart's container ports: ext_proc, gRPC health, Prometheus metrics. */
    static final List<Integer> PORTS = List.of(9002, 9003, 9090);
    static final Map<String, String> ENVIRONMENT = Map.of(
            "JAVA_HOME", JAVA_HOME,
            // The runtime first, then the usual directories a --from base keeps its tools in.
            "PATH", JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            // glibc's built-in UTF-8 locale (no locale files needed): non-ASCII log text stays intact on Java 17.
            "LANG", "C.UTF-8");

    /**
     * JVM flags for a container: the heap's limit sized from the container's memory, exit (so the
     * kubelet restarts the pod) rather than limp on after an OutOfMemoryError, no hsperfdata file
     * in /tmp, and the class-data archive trained on an EPP start. The EPP's live set is small and
     * nearly all it allocates (scrape bodies, requests) dies young: the serial collector with a
     * young generation capped at 64 MB keeps it at a few ms per young collection and keeps RSS
     * from growing with the node's memory when the pod has no memory limit (the chart sets none;
     * G1 measured 880 MB RSS idle with 100 endpoints, this 270 MB: bench/epp-image). CDS log lines
     * are turned off: the JVM prints them on stdout, where every line must be one of the EPP's
     * JSON records.
     */
    public static List<String> jvmFlags(boolean withArchive) {
        List<String> flags = new ArrayList<>(List.of(
                "-XX:MaxRAMPercentage=75",
                "-XX:+UseSerialGC",
                "-XX:MaxNewSize=64m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-UsePerfData"));
        if (withArchive) {
            flags.addAll(List.of("-XX:SharedArchiveFile=" + CDS_ARCHIVE, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        return flags;
    }

    /** The class path as the container (and the training run, from the staged app directory) sees it: relative to {@link #APP_DIR}. */
    static String classPath(List<String> dependencyFileNames) {
        List<String> entries = new ArrayList<>();
        entries.add(APP_JAR);
        dependencyFileNames.forEach(name -> entries.add(DEPENDENCY_DIR + "/" + name));
        return String.join(":", entries);
    }

    static List<String> entrypoint(List<String> jvmFlags, String classPath, String mainClass) {
        List<String> entrypoint = new ArrayList<>();
        entrypoint.add(JAVA);
        entrypoint.addAll(jvmFlags);
        entrypoint.addAll(List.of("-cp", classPath, mainClass));
        return entrypoint;
    }

    private ImageLayout() {}
}
