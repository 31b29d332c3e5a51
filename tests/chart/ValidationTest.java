package chart;

import static chart.TestValues.merged;
import static chart.TestValues.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** chart.md "Validation before rendering": each rule, all problems at once, unknown keys. */
class ValidationTest {
    private static List<ValueProblem> problems(String release, Map<String, Object> user) {
        return InferencePoolChart.validate(release, merged(user), false, new ArrayList<>());
    }

    private static ValueProblem onlyProblem(Map<String, Object> user) {
        List<ValueProblem> problems = problems("p", user);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void defaultsWithMatchLabelsAreValid() {
        assertEquals(List.of(), problems("p", of()));
    }

    @Test
    void releaseNameMustBeLowerCaseDnsAndAtMost53() {
        ValueProblem bad = problems("Bad_Name", of()).get(0);
        assertTrue(bad.message().contains("invalid release name, must match regex"), bad.message());
        assertTrue(bad.message().contains("lower-case"), bad.message());
        assertTrue(bad.message().contains("Fix: use a name such as bad-name"), bad.message());
        assertEquals(List.of(), problems("a".repeat(53), of()));
        ValueProblem tooLong = problems("a".repeat(54), of()).get(0);
        assertTrue(tooLong.message().contains("54 characters long, the limit is 53"), tooLong.message());
        assertTrue(problems("", of()).get(0).message().contains("no name provided"));
        assertEquals(List.of(), problems("pool.v2", of()));
    }

    @Test
    void matchLabelsAreRequiredWithTheReferenceTextAndTheFix() {
        Map<String, Object> none = new LinkedHashMap<>();
        ValueProblem p = problems("p", none).get(0);
        assertEquals("inferencePool.modelServers.matchLabels", p.path());
        assertTrue(p.message().contains(".Values.inferencePool.modelServers.matchLabels is required"));
        assertTrue(p.message().contains("--set inferencePool.modelServers.matchLabels.app=<"));
        Map<String, Object> empty = new LinkedHashMap<>();
        TestValues.put(empty, "inferencePool.modelServers.matchLabels", new LinkedHashMap<>());
        assertTrue(problems("p", empty).get(0).message().contains("is required"));
    }

    @Test
    void matchLabelValuesMustBeValidLabelValues() {
        ValueProblem p = onlyProblem(of("inferencePool.modelServers.matchLabels.app", "has space"));
        assertEquals("inferencePool.modelServers.matchLabels.app", p.path());
        assertTrue(p.message().contains("not a valid label value"));
    }

    @Test
    void enumerationsListWhatIsAllowedAndSuggestTheClosest() {
        ValueProblem provider = onlyProblem(of("provider.name", "istoi"));
        assertEquals("provider.name", provider.path());
        assertTrue(provider.message().contains("must be one of none, gke, istio"), provider.message());
        assertTrue(provider.message().contains("Fix: --set provider.name=istio"), provider.message());
        assertEquals(List.of(), problems("p", of("provider.name", "GKE")), "provider is case-insensitive");

        assertTrue(onlyProblem(of("inferencePool.modelServerType", "sglang")).message()
                .contains("vllm, triton-tensorrt-llm"));
        assertTrue(onlyProblem(of("inferencePool.apiVersion", "inference.networking.k8s.io/v2")).message()
                .contains("inference.networking.x-k8s.io/v1alpha2"));
        assertTrue(onlyProblem(of("inferenceExtension.image.pullPolicy", "always")).message()
                .contains("Fix: --set inferenceExtension.image.pullPolicy=Always"));
        assertTrue(onlyProblem(of("inferenceExtension.tracing.sampling.sampler", "always_on")).message()
                .contains("parentbased_traceidratio"));
    }

    @Test
    void samplerArgIsANumberFromZeroToOne() {
        assertEquals(List.of(), problems("p", of("inferenceExtension.tracing.sampling.samplerArg", "0.5")));
        assertEquals(List.of(), problems("p", of("inferenceExtension.tracing.sampling.samplerArg", 1.0)));
        ValueProblem high = onlyProblem(of("inferenceExtension.tracing.sampling.samplerArg", "1.5"));
        assertTrue(high.message().contains("must be between 0 and 1"), high.message());
        ValueProblem text = onlyProblem(of("inferenceExtension.tracing.sampling.samplerArg", "ten percent"));
        assertTrue(text.message().contains("a decimal number"), text.message());
    }

    @Test
    void portsAreFrom1To65535() {
        ValueProblem p = onlyProblem(of("inferenceExtension.extProcPort", 70000L));
        assertEquals("inferenceExtension.extProcPort", p.path());
        assertTrue(p.message().contains("between 1 and 65535"), p.message());
        assertTrue(onlyProblem(of("inferencePool.targetPortNumber", 0L)).message().contains("between 1 and 65535"));
        assertTrue(onlyProblem(of("jaeger.query.service.port", "http")).message().contains("a whole number"));
        assertTrue(onlyProblem(of("inferencePool.targetPorts", List.of(Map.of("number", 0.0)))).path()
                .equals("inferencePool.targetPorts[0].number"));
        assertEquals("inferenceExtension.extraServicePorts[0].port",
                onlyProblem(of("inferenceExtension.extraServicePorts", List.of(Map.of("name", "zmq", "port", 99999.0)))).path());
        assertEquals("inferenceExtension.extraContainerPorts[0].protocol",
                onlyProblem(of("inferenceExtension.extraContainerPorts", List.of(Map.of("containerPort", 5557.0, "protocol", "tcp")))).path());
    }

    @Test
    void replicasIsAWholeNumberOfAtLeastOne() {
        assertTrue(onlyProblem(of("inferenceExtension.replicas", 0L)).message().contains("at least 1"));
        assertTrue(onlyProblem(of("inferenceExtension.replicas", 2.5)).message().contains("whole number"));
        assertTrue(onlyProblem(of("inferenceExtension.replicas", "three")).message().contains("whole number"));
        assertTrue(onlyProblem(of("inferenceExtension.replicas", "3.5")).message().contains("whole number"));
        assertEquals(List.of(), problems("p", of("inferenceExtension.replicas", "3")));
        assertEquals(List.of(), problems("p", of("inferenceExtension.replicas", 3.0)));
    }

    @Test
    void aPlainValueWhereTheChartHasAMapSuggestsTheKeyMeant() {
        Map<String, Object> user = of();
        TestValues.put(user, "provider", "gke");
        ValueProblem p = onlyProblem(user);
        assertEquals("provider", p.path());
        assertTrue(p.message().contains("is a map with the keys name, gke"), p.message());
        assertTrue(p.message().contains("Fix: --set provider.name=gke"), p.message());
    }

    @Test
    void booleansMustBeBooleansNotText() {
        ValueProblem p = onlyProblem(of("jaeger.enabled", "false"));
        assertTrue(p.message().contains("must be true or false, not the text \"false\""), p.message());
    }

    @Test
    void pluginsConfigFileMustNameAConfiguredFile() {
        ValueProblem p = onlyProblem(of("inferenceExtension.pluginsConfigFile", "custom.yaml"));
        assertTrue(p.message().contains("inferenceExtension.pluginsCustomConfig.custom.yaml"), p.message());
        assertEquals(List.of(), problems("p", of("inferenceExtension.pluginsConfigFile", "custom.yaml",
                "inferenceExtension.pluginsCustomConfig", Map.of("custom.yaml", "kind: EndpointPickerConfig\n"))));
    }

    @Test
    void removingAValueTheTemplatesNeedIsAProblem() {
        ValueProblem p = onlyProblem(of("inferenceExtension.image.tag", null));
        assertEquals("inferenceExtension.image.tag", p.path());
        assertTrue(p.message().contains("is required"), p.message());
        assertTrue(p.message().contains("Fix: --set-string inferenceExtension.image.tag=main"), p.message());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, Object> user = new LinkedHashMap<>();
        TestValues.put(user, "provider.name", "aws");
        TestValues.put(user, "inferenceExtension.replicas", 0L);
        TestValues.put(user, "inferenceExtension.image.pullPolicy", "Sometimes");
        List<ValueProblem> problems = problems("Bad_Name", user);
        assertEquals(java.util.Set.of("release name", "inferenceExtension.replicas", "inferenceExtension.image.pullPolicy",
                        "provider.name", "inferencePool.modelServers.matchLabels"),
                java.util.Set.copyOf(problems.stream().map(ValueProblem::path).toList()));
        assertEquals(5, problems.size());
    }

    @Test
    void unknownKeysWarnWithTheClosestKnownKey() {
        List<String> warnings = new ArrayList<>();
        Map<String, Object> user = of("inferenceExtention.replicas", 3L, "inferenceExtension.replica", 2L, "replicas", 2L);
        List<ValueProblem> problems = InferencePoolChart.validate("p", merged(user), false, warnings);
        assertEquals(List.of(), problems);
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.toString().contains("inferenceExtention: unknown value: the chart does not use it; did you mean inferenceExtension?"), warnings.toString());
        assertTrue(warnings.toString().contains("inferenceExtension.replica: unknown value: the chart does not use it; did you mean inferenceExtension.replicas?"), warnings.toString());
        assertTrue(warnings.toString().contains("replicas: unknown value: the chart does not use it; did you mean inferenceExtension.replicas?"), warnings.toString());
    }

    @Test
    void strictMakesUnknownKeysProblems() {
        List<String> warnings = new ArrayList<>();
        List<ValueProblem> problems = InferencePoolChart.validate("p",
                merged(of("inferenceExtension.tracing.enable", true)), true, warnings);
        assertEquals(List.of(), warnings);
        assertEquals(1, problems.size());
        assertEquals("inferenceExtension.tracing.enable", problems.get(0).path());
        assertTrue(problems.get(0).message().contains("did you mean inferenceExtension.tracing.enabled?"));
    }

    @Test
    void freeFormValuesTakeAnyKeys() {
        List<String> warnings = new ArrayList<>();
        Map<String, Object> user = of("inferenceExtension.flags.enable-pprof", true,
                "inferenceExtension.affinity.nodeAffinity.x", "y",
                "inferenceExtension.monitoring.prometheus.extraLabels.release", "kube-prom");
        assertEquals(List.of(), InferencePoolChart.validate("p", merged(user), true, warnings));
        assertEquals(List.of(), warnings);
    }
}
