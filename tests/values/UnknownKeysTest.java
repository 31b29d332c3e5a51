package values;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unknown or misspelled value keys are reported with the closest key the chart knows. */
class UnknownKeysTest {
    private static final Map<String, Object> DEFAULTS = Yaml.readValues("""
            inferenceExtension:
              replicas: 1
              image: {name: epp, tag: main}
              extraContainerPorts: []
              pluginsCustomConfig: {}
            inferencePool:
              modelServers:
                matchLabels: {}
            provider: {name: none}
            """, "values.yaml");

    private static List<UnknownKeys.Finding> find(String userYaml) {
        return UnknownKeys.find(DEFAULTS, Yaml.readValues(userYaml, "user"));
    }

    @Test
    void aMisspelledTopLevelKeyNamesTheKeyTheUserMeant() {
        var findings = find("inferenceExtention: {replicas: 3}\n");

        assertEquals(List.of(new UnknownKeys.Finding("inferenceExtention", "inferenceExtention.replicas", "inferenceExtension")), findings);
        assertEquals("unknown value inferenceExtention.replicas: the chart has no \"inferenceExtention\"; did you mean \"inferenceExtension\"?",
                findings.get(0).message());
    }

    @Test
    void aMisspelledNestedKeyNamesItsParent() {
        var findings = find("inferenceExtension: {replcias: 3, image: {tga: v1}}\n");

        assertEquals(List.of("unknown value inferenceExtension.replcias: the chart's inferenceExtension has no \"replcias\"; did you mean \"replicas\"?",
                "unknown value inferenceExtension.image.tga: the chart's inferenceExtension.image has no \"tga\"; did you mean \"tag\"?"),
                findings.stream().map(UnknownKeys.Finding::message).toList());
    }

    @Test
    void aKeyNothingLikeAKnownOneHasNoSuggestion() {
        assertEquals(List.of(new UnknownKeys.Finding("somethingElse", "somethingElse", null)), find("somethingElse: 1\n"));
    }

    @Test
    void keysUnderFreeFormMapsAreNeverUnknown() {
        assertEquals(List.of(), find("inferencePool: {modelServers: {matchLabels: {app: vllm}}}\n"
                + "inferenceExtension: {pluginsCustomConfig: {custom.yaml: x}}\n"));
    }

    @Test
    void knownKeysWithOtherTypesAreLeftToValidation() {
        assertEquals(List.of(), find("provider: gke\ninferenceExtension: {extraContainerPorts: [{name: x}]}\n"));
    }
}
