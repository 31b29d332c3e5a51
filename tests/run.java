///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../dependencies/*.java
//SOURCES ../pool.java
//SOURCES ../epp/**.java
//SOURCES ../sandbox/**.java
//SOURCES ../sim/**.java
//SOURCES ../tokens/**.java
//SOURCES ../gateway/**.java
//SOURCES ../bench/routingbench/*.java
//SOURCES **/*.java
// The EPP runs in-process in tests and binds SLF4J to its own logger; pool.java brings slf4j-nop too.
//JAVA_OPTIONS -Xss4m -Dslf4j.provider=epp.logging.Slf4jProvider -Dslf4j.internal.verbosity=WARN

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The single test command: `./jbang tests/run.java [REGEX...]`.
 * Runs every class named *Test (or those whose name matches one of the REGEX arguments) on the
 * JUnit Platform, prints each failure, JUnit's summary, each skipped test with its reason (a failed
 * assumption, which JUnit calls "aborted", or @Disabled), then `N passed, N failed, N skipped`.
 * Exit code 0 only when nothing failed and at least one test ran.
 */
public class run {
    public static void main(String... args) throws Exception {
        List<Pattern> filters = Stream.of(args).map(Pattern::compile).toList();
        List<ClassSelector> selectors = new ArrayList<>();
        for (String className : testClassNames()) {
            if (filters.isEmpty() || filters.stream().anyMatch(p -> p.matcher(className).find())) {
                selectors.add(selectClass(className));
            }
        }
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameters(Map.of("junit.jupiter.extensions.autodetection.enabled", "false"))
                .build();
        var summary = new SummaryGeneratingListener();
        var progress = new ProgressListener();
        LauncherFactory.create().execute(request, summary, progress, new epp.testing.EppLogCapture());

        var out = new PrintWriter(System.out, true);
        var result = summary.getSummary();
        result.printFailuresTo(out, 25);
        result.printTo(out);
        progress.skipped.forEach(out::println);
        long failed = result.getTotalFailureCount();
        long passed = result.getTestsSucceededCount();
        long skipped = result.getTestsSkippedCount() + result.getTestsAbortedCount();
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        out.flush();
        System.exit(failed == 0 && passed > 0 ? 0 : 1);
    }

    /** Names of the *Test classes compiled into this script's jar. */
    private static List<String> testClassNames() throws Exception {
        Path location = Path.of(run.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            collect(location, names);
        } else {
            try (var fs = FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of())) {
                collect(fs.getPath("/"), names);
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    private static void collect(Path root, List<String> names) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            files.map(p -> root.relativize(p).toString())
                    .filter(p -> p.endsWith("Test.class") && !p.contains("$"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .forEach(names::add);
        }
    }

    /**
     * One line per finished test class so a long CI run shows where it is; keeps a line per skipped
     * test with the reason, for the end of the run.
     */
    private static final class ProgressListener implements TestExecutionListener {
        final List<String> skipped = new ArrayList<>();
        private String currentClass = "";

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.getSource().filter(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource).isPresent()) {
                currentClass = id.getLegacyReportingName();
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            skipped.add(skippedLine(id, reason));
        }

        private String skippedLine(TestIdentifier id, String reason) {
            String name = id.getSource().filter(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource)
                    .isPresent() ? id.getLegacyReportingName() : currentClass + " " + id.getDisplayName();
            String why = reason == null || reason.isBlank() ? "no reason given" : reason.replaceFirst("^Assumption failed: ", "");
            return name + ": skipped: " + why;
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                skipped.add(skippedLine(id, result.getThrowable().map(Throwable::getMessage).orElse(null)));
            }
            if (id.getSource().filter(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource).isPresent()) {
                System.out.println("[" + result.getStatus() + "] " + id.getLegacyReportingName());
            } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && id.isTest()) {
                System.out.println("  [" + result.getStatus() + "] " + id.getDisplayName());
            }
        }
    }
}
