package epp.testing;

import epp.datastore.Endpoint;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingException;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deterministic stand-in for the real scheduler: the {@code maxEndpoints} candidates with the
 * shortest queue (ties by IP), profile "default". A request whose header `x-test-fail` is set fails
 * scheduling. Records what it was asked.
 */
public final class LowestQueueScheduler implements Scheduler {
    private final int maxEndpoints;
    public final List<SchedulingRequest> scheduled = new CopyOnWriteArrayList<>();
    public final List<List<Endpoint>> candidatesSeen = new CopyOnWriteArrayList<>();
    public final List<Integer> preRequestPorts = new CopyOnWriteArrayList<>();
    public final List<SchedulingRequest> completed = new CopyOnWriteArrayList<>();

    public LowestQueueScheduler(int maxEndpoints) {
        this.maxEndpoints = maxEndpoints;
    }

    @Override
    public SchedulingResult schedule(SchedulingRequest request, List<Endpoint> candidates) throws SchedulingException {
        scheduled.add(request);
        candidatesSeen.add(List.copyOf(candidates));
        if (request.headers().containsKey("x-test-fail")) {
            throw new SchedulingException("failed to run scheduler profile 'default'");
        }
        List<Endpoint> picked = candidates.stream()
                .sorted(Comparator.<Endpoint>comparingInt(e -> e.metrics().waitingQueueSize()).thenComparing(Endpoint::address))
                .limit(maxEndpoints)
                .toList();
        return new SchedulingResult("default", Map.of("default", picked));
    }

    @Override
    public void preRequest(SchedulingRequest request, SchedulingResult result, int targetPort) {
        preRequestPorts.add(targetPort);
    }

    @Override
    public void responseComplete(SchedulingRequest request, SchedulingResult result) {
        completed.add(request);
    }
}
