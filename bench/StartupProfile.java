import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a short-lived command's main thread spends its time, for start-up work: a Java agent whose
 * daemon thread samples the main thread's stack every few hundred microseconds (JFR samples every
 * 10 ms or more, too coarse for a 100 ms command), and at exit prints the most frequent paths of the
 * project's own and its libraries' frames (JDK frames left out, classes by simple name), cut to
 * {@code -Ddepth} frames from the outermost frame that starts with {@code -Dfrom} (a simple class
 * name and method: {@code pool.main}, {@code TemplateCommand.call}). A sample is a count, not a
 * duration: compare paths within a run, and sum runs for steadier counts. bench/startup-profile
 * builds the agent jar and runs `./pool` with it, so the command starts as users start it (plus
 * ~40 ms: with an agent the JDK does not use the class-data archive's module graph).
 * Usage: JAVA_TOOL_OPTIONS="-javaagent:AGENT_JAR [-Ddepth=4] [-Dfrom=pool.main] [-Dtop=25]" ./pool ARGS...
 */
public final class StartupProfile {
    private static final long INTERVAL_NANOS = 200_000;

    /** Runs on the main thread before the command's main. */
    public static void premain(String agentArgs) {
        int depth = Integer.getInteger("depth", 4);
        int top = Integer.getInteger("top", 25);
        String from = System.getProperty("from", "pool.main");
        Map<String, Integer> paths = new HashMap<>();
        Thread main = Thread.currentThread();
        Thread sampler = new Thread(() -> sample(main, from, depth, paths), "startup-profile");
        sampler.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> print(paths, top)));
        sampler.start();
    }

    private static void sample(Thread main, String from, int depth, Map<String, Integer> paths) {
        while (true) {
            String path = path(main.getStackTrace(), from, depth);
            if (path != null) {
                synchronized (paths) {
                    paths.merge(path, 1, Integer::sum);
                }
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }

    /** The outermost-first path of non-JDK frames from the outermost one starting with {@code from}; null while none is on the stack. */
    static String path(StackTraceElement[] stack, String from, int depth) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            String className = frame.getClassName();
            String name = className.substring(className.lastIndexOf('.') + 1) + "." + frame.getMethodName();
            boolean jdk = className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.");
            // a bridge method and its target (Callable.call returning Integer) show the same name twice
            if (!jdk && (frames.isEmpty() || !frames.get(frames.size() - 1).equals(name))) {
                frames.add(name);
            }
        }
        Collections.reverse(frames);
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).startsWith(from)) {
                return String.join(" > ", frames.subList(i, Math.min(frames.size(), i + depth)));
            }
        }
        return null;
    }

    private static void print(Map<String, Integer> paths, int top) {
        synchronized (paths) {
            int total = paths.values().stream().mapToInt(Integer::intValue).sum();
            System.err.println("startup-profile: " + total + " samples of the main thread");
            paths.entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .limit(top)
                    .forEach(e -> System.err.printf("%6d  %s%n", e.getValue(), e.getKey()));
        }
    }
}
