package epp.requestcontrol;

import epp.datastore.Endpoint;
import java.util.List;

/**
 * The default admission (epp.md §6.2): requests with priority ≥ 0 always pass; sheddable ones
 * (priority &lt; 0) are dropped with 429 while the candidates are saturated.
 */
public final class LegacyAdmission implements AdmissionController {
    private final SaturationDetector detector;

    public LegacyAdmission(SaturationDetector detector) {
        this.detector = detector;
    }

    @Override
    public void admit(int priority, List<Endpoint> candidates) throws EppError {
        if (priority < 0 && detector.saturated(candidates)) {
            throw EppError.of(EppError.Code.INFERENCE_POOL_RESOURCE_EXHAUSTED, "system saturated, sheddable request dropped");
        }
    }
}
