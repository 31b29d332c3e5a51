package sandbox.controllers;

import java.nio.file.Path;
import java.util.List;

/**
 * How an EPP container is started on this machine: {@code java OPTIONS -cp CLASSPATH epp.EndpointPicker ARGS}.
 * The JVM options keep a child small (a heap of 256 MB, the serial collector, a smaller code cache).
 * Not {@code -XX:TieredStopAtLevel=1}: without C2's BigInteger intrinsics the EPP's RSA-4096
 * certificate takes 5-20 s to generate instead of about one.
 */
public record EppLaunch(String java, List<String> jvmOptions, String classpath, String mainClass) {
    public static final List<String> SMALL_JVM = List.of("-Xmx256m", "-Xss1m", "-XX:+UseSerialGC",
            "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=128m");

    /** This JVM's java and classpath (which holds the EPP when the sandbox runs from its entry or the tests). */
    public static EppLaunch fromThisJvm() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new EppLaunch(java, SMALL_JVM, System.getProperty("java.class.path"), "epp.EndpointPicker");
    }
}
