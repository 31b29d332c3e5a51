///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Start-up of `jbang pool@org` and `jbang pool.java` (./pool passes its own): C1 only and the serial
// collector suit a command that runs for a fraction of a second, and //CDS keeps a class-data archive
// of the first run beside the built jar. JVM messages never go to stdout, which is for scripts.
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss4m -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds*=off:stderr
//CDS
// String concatenation compiled to StringBuilder calls, as the JDK compiles java.base, instead of an
// invokedynamic per concatenation shape whose first run spins method handles in interpreted code:
// `pool template` 240 -> 220 ms wall (CPU 220 -> 200), `pool list` 620 -> 570 ms (CPU 850 -> 760),
// 21 and 15 interleaved runs, load 5.
//JAVAC_OPTIONS -XDstringConcat=inline
//SOURCES dependencies/Picocli.java
//SOURCES dependencies/KubernetesClient.java
//SOURCES dependencies/Jackson.java
//SOURCES dependencies/Slf4j.java
//SOURCES dependencies/Slf4jNop.java
//SOURCES dependencies/JLine.java
//SOURCES dependencies/JavaDiffUtils.java
//SOURCES common/**.java
//SOURCES commands/**.java
//SOURCES values/**.java
//SOURCES chart/**.java
//SOURCES kube/**.java
//SOURCES release/**.java
//FILES chart/values.yaml=chart/values.yaml
//FILES chart/values.schema.json=chart/values.schema.json
//FILES common/default-plugins.yaml=common/default-plugins.yaml

import commands.PoolCommand;
import commands.ProcessExit;

/** Entry point of the pool CLI: `jbang pool@org ...`, `./pool ...`. */
public class pool {
    public static void main(String... args) {
        ProcessExit.exit(PoolCommand.execute(args));
    }
}
