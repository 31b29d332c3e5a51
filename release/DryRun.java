package release;

/** `--dry-run`: none (the default), client (never touches the cluster), server (reads the cluster, writes nothing). */
public enum DryRun {
    NONE, CLIENT, SERVER;

    public boolean active() {
        return this != NONE;
    }
}
