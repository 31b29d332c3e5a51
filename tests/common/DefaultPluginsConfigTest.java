package common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chart.InferencePoolChart;
import chart.Manifest;
import chart.ReleaseInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import values.Yaml;

/** The one default EndpointPickerConfig: the reference chart's text, what pool's ConfigMap carries and what the EPP runs. */
class DefaultPluginsConfigTest {
    @Test
    void isTheReferenceChartsTextByteForByte() throws Exception {
        String reference = configMapData(Files.readString(Path.of("tests/chart/fixtures/basic.yaml")));
        assertEquals(reference, DefaultPluginsConfig.text());
    }

    @Test
    void theChartsConfigMapCarriesTheFileUnderItsName() {
        Manifest m = InferencePoolChart.render(new ReleaseInfo("p", "default", 1, true), InferencePoolChart.mergedValues(
                Map.of("inferencePool", Map.of("modelServers", Map.of("matchLabels", Map.of("app", "m")))), new java.util.ArrayList<>()));
        assertEquals(DefaultPluginsConfig.text(), configMapData(m.toYaml()));
        assertEquals("default-plugins.yaml", DefaultPluginsConfig.FILE_NAME);
    }

    @Test
    void onlyCommonHoldsACopy() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            List<Path> copies = files.filter(p -> p.getFileName().toString().equals("default-plugins.yaml"))
                    .filter(p -> !p.startsWith("./.git")).toList();
            assertEquals(List.of(Path.of("./common/default-plugins.yaml")), copies);
        }
        try (Stream<Path> sources = Files.walk(Path.of("."))) {
            List<Path> inlined = sources.filter(p -> p.toString().endsWith(".java") && !p.startsWith("./.git"))
                    .filter(p -> read(p).contains("- pluginRef: kv-cache-utilization-scorer\n")).toList();
            assertEquals(List.of(), inlined, "the default configuration inlined in Java again");
        }
    }

    @SuppressWarnings("unchecked")
    private static String configMapData(String stream) {
        for (Object doc : Yaml.readAll(stream)) {
            if (doc instanceof Map<?, ?> object && "ConfigMap".equals(object.get("kind"))) {
                return (String) ((Map<String, Object>) object.get("data")).get("default-plugins.yaml");
            }
        }
        throw new AssertionError("no ConfigMap");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
