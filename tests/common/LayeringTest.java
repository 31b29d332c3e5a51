package common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Imports point one way: common/ is below everything, the renderer knows nothing of the CLI, values/ nothing of the chart. */
class LayeringTest {
    @Test
    void commonImportsNoOtherPartOfTheProject() {
        assertEquals(List.of(), importsOf("common", "(commands|values|chart|kube|release|sandbox|epp)\\."));
    }

    @Test
    void theChartKnowsNothingOfTheCommands() {
        assertEquals(List.of(), importsOf("chart", "(commands|release|kube|sandbox|epp)\\."));
    }

    @Test
    void valuesKnowNothingOfTheChartOrTheCommands() {
        assertEquals(List.of(), importsOf("values", "(commands|chart|release|kube|sandbox|epp)\\."));
    }

    @Test
    void theEppUsesNoneOfPoolsParts() {
        assertEquals(List.of(), importsOf("epp", "(commands|values|chart|kube|release|sandbox)\\."));
    }

    /** "file: import line" for every import (or fully qualified use) of a forbidden package in the folder's sources. */
    private static List<String> importsOf(String folder, String forbiddenPackages) {
        Pattern use = Pattern.compile("(?m)^import (static )?" + forbiddenPackages + "|[^.\\w\"]" + forbiddenPackages + "[A-Z]");
        try (Stream<Path> files = Files.walk(Path.of(folder))) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> use.matcher(read(p)).results().map(m -> p + ": " + m.group().strip()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
