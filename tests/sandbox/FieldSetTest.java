package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field paths in Kubernetes' FieldsV1 notation, without a server. */
class FieldSetTest {
    private static final ObjectNode DEPLOYMENT = Json.parseObject("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: vllm
              namespace: default
              resourceVersion: "7"
              labels: {app: vllm}
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                  - name: vllm
                    image: vllm:1
                    args: ["--port", "8000"]
                    ports: [{containerPort: 8000}]
            """, true);

    @Test
    void keyedListItemsAreMarkedAndAtomicListsAreLeaves() {
        FieldSet fields = FieldSet.of(DEPLOYMENT);

        String container = "k:{\"name\":\"vllm\"}";
        assertTrue(fields.contains(List.of("f:spec", "f:template", "f:spec", "f:containers", container, ".")));
        assertTrue(fields.contains(List.of("f:spec", "f:template", "f:spec", "f:containers", container, "f:args")));
        assertTrue(fields.contains(List.of("f:spec", "f:template", "f:spec", "f:containers", container, "f:ports",
                "k:{\"containerPort\":8000}", "f:containerPort")));
        assertTrue(fields.contains(List.of("f:metadata", "f:labels", "f:app")));
        assertFalse(fields.containsUnder(List.of("f:metadata", "f:resourceVersion")));
        assertFalse(fields.containsUnder(List.of("f:apiVersion")));
    }

    @Test
    void fieldsV1RoundTrips() {
        FieldSet fields = FieldSet.of(DEPLOYMENT);

        FieldSet back = FieldSet.fromFieldsV1(fields.toFieldsV1());

        assertEquals(fields.paths(), back.paths());
    }

    @Test
    void pathsDisplayAsTheApiserverPrintsThem() {
        assertEquals(".spec.template.spec.containers[name=\"vllm\"].image", FieldSet.display(List.of("f:spec",
                "f:template", "f:spec", "f:containers", "k:{\"name\":\"vllm\"}", "f:image")));
    }

    @Test
    void removingAnItemMarkerRemovesTheListItem() {
        ObjectNode copy = DEPLOYMENT.deepCopy();

        FieldSet.remove(copy, List.of("f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"vllm\"}", "."));

        assertEquals(0, copy.at("/spec/template/spec/containers").size());
        assertNull(FieldSet.find(copy, List.of("f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"vllm\"}")));
    }
}
