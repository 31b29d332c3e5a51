package chart;

/** What the chart's templates know about the release (Helm's `.Release`). */
public record ReleaseInfo(String name, String namespace, int revision, boolean isInstall) {}
