package epp.requestcontrol;

import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingException;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * The request path after the body is parsed (epp.md §2.5): candidates from the subset hint,
 * admission by the objective's priority, scheduling, then the PreRequest hooks.
 */
public final class Director {
    private final Datastore datastore;
    private final Scheduler scheduler;
    private final AdmissionController admission;
    private final Tracer tracer;

    public Director(Datastore datastore, Scheduler scheduler, AdmissionController admission) {
        this(datastore, scheduler, admission, OpenTelemetry.noop().getTracer("epp"));
    }

    /** With {@code tracer}, each scheduling run is a child span of the current (ext_proc) span. */
    public Director(Datastore datastore, Scheduler scheduler, AdmissionController admission, Tracer tracer) {
        this.datastore = datastore;
        this.scheduler = scheduler;
        this.admission = admission;
        this.tracer = tracer;
    }

    public Routing route(RoutingRequest request) throws EppError {
        int priority = request.objectiveKey().isEmpty() ? 0
                : datastore.objective(request.objectiveKey()).map(o -> o.effectivePriority()).orElse(0);
        var schedulingRequest = new SchedulingRequest(request.requestId(), request.targetModel(), request.body(), request.headers());

        List<Endpoint> candidates = candidates(request.subsetHint().orElse(null));
        if (candidates.isEmpty()) {
            throw EppError.of(EppError.Code.SERVICE_UNAVAILABLE, "failed to find candidate pods for serving the request");
        }
        admission.admit(priority, candidates);

        SchedulingResult result = schedule(schedulingRequest, candidates);
        if (result == null || result.profileTargets().isEmpty() || result.primaryTargets().isEmpty()) {
            throw EppError.of(EppError.Code.INTERNAL, "results must be greater than zero");
        }
        if (datastore.pool().isEmpty()) {
            throw EppError.plain("InferencePool is not synced yet");
        }
        var routing = new Routing(schedulingRequest, result, result.primaryTargets());
        scheduler.preRequest(schedulingRequest, result, routing.targets().get(0).port());
        return routing;
    }

    private SchedulingResult schedule(SchedulingRequest request, List<Endpoint> candidates) throws EppError {
        Span span = tracer.spanBuilder("epp.scheduling")
                .setAttribute("epp.target_model", request.targetModel())
                .setAttribute("epp.candidates", candidates.size())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            SchedulingResult result = scheduler.schedule(request, candidates);
            if (result != null) {
                span.setAttribute("epp.chosen_endpoints", new Routing(request, result, result.primaryTargets()).targetEndpoint());
            }
            return result;
        } catch (SchedulingException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw EppError.of(EppError.Code.INFERENCE_POOL_RESOURCE_EXHAUSTED, "failed to find target pod: " + e.getMessage());
        } finally {
            span.end();
        }
    }

    /** ResponseComplete hooks of the scheduler's plugins, once the buffered or streamed response ended. */
    public void responseComplete(Routing routing) {
        scheduler.responseComplete(routing.request(), routing.result());
    }

    /** Every datastore endpoint, or those the subset hint allows. */
    private List<Endpoint> candidates(SubsetHint hint) {
        List<Endpoint> all = datastore.endpoints();
        if (hint == null) {
            return all;
        }
        List<Integer> targetPorts = datastore.pool().map(p -> p.targetPorts()).orElse(List.of());
        List<Endpoint> chosen = new ArrayList<>();
        for (Endpoint endpoint : all) {
            if (hint.allows(endpoint, targetPorts)) {
                chosen.add(endpoint);
            }
        }
        return chosen;
    }
}
