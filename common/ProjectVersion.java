package common;

/**
 * The version of the pool project: what {@code pool --version} prints, and the chart's version and
 * appVersion (the {@code app.kubernetes.io/version} label, the release record's chart metadata).
 */
public final class ProjectVersion {
    public static final String VERSION = "0.1.0";

    private ProjectVersion() {}
}
