package kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kube-apiserver's fixed rules, checked before the first write: names per kind, label values, sizes. */
class ApiServerLimitsTest {
    static Map<String, Object> object(String apiVersion, String kind, String name) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", name);
        meta.put("namespace", "serving");
        var o = new LinkedHashMap<String, Object>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.put("metadata", meta);
        return o;
    }

    @Test
    void serviceNamesAreDns1035LabelsAndOtherNamesDns1123Subdomains() {
        assertEquals(List.of(), ApiServerLimits.problems(object("v1", "Service", "pool-1-epp")));
        var dotted = ApiServerLimits.problems(object("v1", "Service", "my.pool-epp"));
        assertEquals(1, dotted.size(), dotted.toString());
        assertTrue(dotted.get(0).startsWith("Service \"my.pool-epp\" in namespace \"serving\": a Service name must be a DNS-1035 label"));
        assertEquals(1, ApiServerLimits.problems(object("v1", "Service", "1pool")).size(), "a Service name starts with a letter");
        assertEquals(1, ApiServerLimits.problems(object("v1", "Service", "a".repeat(64))).size());
        assertEquals(List.of(), ApiServerLimits.problems(object("apps/v1", "Deployment", "my.pool-epp")));
        assertEquals(1, ApiServerLimits.problems(object("apps/v1", "Deployment", "My_Pool")).size());
        assertEquals(List.of(), ApiServerLimits.problems(object("rbac.authorization.k8s.io/v1", "ClusterRole", "system:pool")));
        assertEquals(1, ApiServerLimits.problems(object("rbac.authorization.k8s.io/v1", "Role", "a/b")).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void labelValuesAndSizesAreBounded() {
        var labelled = object("v1", "ConfigMap", "cm");
        ((Map<String, Object>) labelled.get("metadata")).put("labels", Map.of("app", "x".repeat(64)));
        assertEquals(1, ApiServerLimits.problems(labelled).size());

        var data = object("v1", "ConfigMap", "cm");
        data.put("data", Map.of("big", "x".repeat(1024 * 1024)));
        var dataProblems = ApiServerLimits.problems(data);
        assertTrue(dataProblems.stream().anyMatch(p -> p.contains("a ConfigMap holds at most 1048576")), dataProblems.toString());

        var deployment = object("apps/v1", "Deployment", "pool-1-epp");
        var env = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 40_000; i++) {
            env.add(Map.of("name", "VARIABLE_" + i, "value", "value-of-variable-" + i));
        }
        deployment.put("spec", Map.of("template", Map.of("spec", Map.of("containers", List.of(Map.of("name", "epp", "env", env))))));
        var huge = ApiServerLimits.problems(deployment);
        assertEquals(1, huge.size(), huge.toString());
        assertTrue(huge.get(0).contains("etcdserver: request is too large"), huge.get(0));
    }
}
