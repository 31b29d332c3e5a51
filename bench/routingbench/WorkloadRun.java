package bench.routingbench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One workload's stage rates and what each router measured at them. */
public final class WorkloadRun {
    final Workload workload;
    final List<Double> rates;
    final Duration stageLength;
    final Map<Router, List<StageResult>> results = new LinkedHashMap<>();

    WorkloadRun(Workload workload, List<Double> rates, Duration stageLength) {
        this.workload = workload;
        this.rates = List.copyOf(rates);
        this.stageLength = stageLength;
    }

    public Workload workload() {
        return workload;
    }

    public Map<Router, List<StageResult>> results() {
        return results;
    }
}
