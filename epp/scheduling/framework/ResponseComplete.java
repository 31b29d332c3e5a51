package epp.scheduling.framework;

import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;

/** Request-control hook run when the model server's response has been fully received. */
public interface ResponseComplete extends Plugin {
    void responseComplete(SchedulingRequest request, SchedulingResult result);
}
