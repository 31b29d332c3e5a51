package epp.scheduling.plugins;

import static epp.scheduling.TestEndpoints.candidates;
import static epp.scheduling.TestEndpoints.endpoint;
import static epp.scheduling.TestEndpoints.withHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.scheduling.framework.Candidate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderBasedTestingFilterTest {
    private final Endpoint a = endpoint("a", "10.0.0.1");
    private final Endpoint b = endpoint("b", "10.0.0.2");
    private final Endpoint c = endpoint("c", "10.0.0.3");
    private final HeaderBasedTestingFilter filter = new HeaderBasedTestingFilter("f");

    private List<String> kept(Map<String, String> headers, Endpoint... endpoints) {
        return filter.filter(withHeaders(headers), candidates(endpoints)).stream()
                .map(Candidate::endpoint).map(Endpoint::toString).toList();
    }

    @Test
    void keepsListedIpsInHeaderOrder() {
        assertEquals(List.of(c.toString(), a.toString()),
                kept(Map.of("test-epp-endpoint-selection", " 10.0.0.3 ,10.0.0.9, 10.0.0.1"), a, b, c));
    }

    @Test
    void missingOrEmptyHeaderKeepsNothing() {
        assertEquals(List.of(), kept(Map.of(), a, b));
        assertEquals(List.of(), kept(Map.of("test-epp-endpoint-selection", ""), a, b));
    }

    @Test
    void everyPortOfAListedPodIsKeptOnce() {
        Endpoint secondPort = new Endpoint(new EndpointId("default", "a", 1), "10.0.0.1", 8001, Map.of());
        assertEquals(List.of(a.toString(), secondPort.toString()),
                kept(Map.of("test-epp-endpoint-selection", "10.0.0.1,10.0.0.1"), a, b, secondPort));
    }
}
