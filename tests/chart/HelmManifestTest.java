package chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import values.Yaml;

/**
 * A manifest Helm v4.1.4 stored for `helm install vllm-llama3-8b-instruct ./config/charts/inferencepool
 * -n serving --set inferencePool.modelServers.matchLabels.app=vllm-llama3-8b-instruct --set
 * inferenceExtension.replicas=2` (copied from the shared release conformance set).
 */
class HelmManifestTest {
    private static String helmManifest() throws IOException {
        Map<?, ?> release = (Map<?, ?>) Yaml.readJson(Files.readString(Path.of("tests/chart/helm-release/helm-release-v1.json")));
        return (String) release.get("manifest");
    }

    private static Manifest poolRender() {
        Map<String, Object> user = TestValues.of(
                "inferencePool.modelServers.matchLabels.app", "vllm-llama3-8b-instruct",
                "inferenceExtension.replicas", 2L);
        return InferencePoolChart.render(new ReleaseInfo("vllm-llama3-8b-instruct", "serving", 1, true), TestValues.merged(user));
    }

    @Test
    void readsHelmsStoredManifestWithSourcesInOrder() throws IOException {
        Manifest helm = Manifest.parse(helmManifest());
        assertEquals(11, helm.objects().size());
        assertEquals("inferencepool/templates/rbac.yaml", helm.objects().get(0).sourceTemplate());
        assertEquals("ClusterRole/vllm-llama3-8b-instruct-serving-epp", helm.objects().get(2).kindSlashName());
    }

    @Test
    void poolRendersWhatHelmStoredInTheSameOrderFromTheSameFiles() throws IOException {
        Manifest helm = Manifest.parse(helmManifest());
        Manifest pool = poolRender();
        assertEquals(helm.objects().stream().map(o -> o.sourceTemplate() + " " + o.kindSlashName()).toList(),
                pool.objects().stream().map(o -> o.sourceTemplate() + " " + o.kindSlashName()).toList());
    }

    @Test
    void poolDiffersFromHelmOnlyByTheDeliberateOneArgumentFlagFixes() throws IOException {
        String argsPath = "apps/v1 Deployment serving/vllm-llama3-8b-instruct-epp.spec.template.spec.containers[0].args";
        List<String> differences = ObjectsByMeaning.differences(helmManifest(), poolRender().toYaml());
        assertEquals(1, differences.size(), differences.toString());
        assertTrue(differences.get(0).startsWith(argsPath + ": expected "), differences.get(0));

        List<Object> helmArgs = new ArrayList<>(args(Manifest.parse(helmManifest())));
        int tracing = helmArgs.indexOf("--tracing");
        assertEquals("false", helmArgs.get(tracing + 1));
        helmArgs.subList(tracing, tracing + 2).clear();
        helmArgs.add(tracing, "--tracing=false");
        int verbosity = helmArgs.indexOf("--v");
        assertEquals("1", helmArgs.get(verbosity + 1));
        helmArgs.subList(verbosity, verbosity + 2).clear();
        helmArgs.add(verbosity, "--v=1");
        assertEquals(helmArgs, args(poolRender()));
    }

    private static List<Object> args(Manifest m) {
        return TestValues.args(m, "vllm-llama3-8b-instruct-epp");
    }
}
