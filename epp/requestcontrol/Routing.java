package epp.requestcontrol;

import epp.datastore.Endpoint;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import java.util.List;

/**
 * Where a request goes: the primary profile's endpoints in picker order; {@link #targetEndpoint()}
 * is the `x-gateway-destination-endpoint` value (`ip:port[,ip:port...]`, §2.12 fallbacks).
 */
public record Routing(SchedulingRequest request, SchedulingResult result, List<Endpoint> targets) {
    public Routing {
        targets = List.copyOf(targets);
    }

    public String targetEndpoint() {
        var joined = new StringBuilder();
        for (Endpoint endpoint : targets) {
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(endpoint.hostPort());
        }
        return joined.toString();
    }
}
