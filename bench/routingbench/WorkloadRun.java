package bench.routingbench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One workload's plan (pool, stage rates and length) and what each router measured at its stages. */
public final class WorkloadRun {
    final BenchPlan.WorkloadPlan plan;
    final Map<Router, List<StageResult>> results = new LinkedHashMap<>();

    WorkloadRun(BenchPlan.WorkloadPlan plan) {
        this.plan = plan;
    }

    public Workload workload() {
        return plan.workload();
    }

    public Map<Router, List<StageResult>> results() {
        return results;
    }
}
