package epp.datastore;

/** An InferenceObjective of the pool (epp.md §3.4); priority is null when the spec has none. */
public record Objective(String name, Integer priority) {
    /** Priority used for admission: missing objective or missing priority ⇒ 0. */
    public int effectivePriority() {
        return priority == null ? 0 : priority;
    }
}
