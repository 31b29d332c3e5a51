package epp.scheduling.framework;

import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;

/** Request-control hook run after scheduling, before the request is sent to the chosen endpoint. */
public interface PreRequest extends Plugin {
    void preRequest(SchedulingRequest request, SchedulingResult result, int targetPort);
}
