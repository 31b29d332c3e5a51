package release;

import java.util.Map;

/** The NOTES text printed after install and upgrade (chart.md, end): what was deployed and what to run next. */
final class ReleaseNotes {
    private ReleaseNotes() {}

    static String render(String name, String namespace, Map<String, Object> values) {
        var notes = new StringBuilder();
        notes.append("InferencePool ").append(name).append(" deployed.\n\n");
        notes.append("See the pool, its endpoint picker and the model servers it selects:\n");
        notes.append("  pool status ").append(name).append(" -n ").append(namespace).append('\n');
        if (jaegerEnabled(values)) {
            notes.append("\nTraces go to Jaeger. Open its UI at http://127.0.0.1:16686 with:\n");
            notes.append("  pool port-forward-jaeger ").append(name).append(" -n ").append(namespace).append('\n');
        }
        return notes.toString();
    }

    static boolean jaegerEnabled(Map<String, Object> values) {
        return values != null && values.get("jaeger") instanceof Map<?, ?> jaeger && Boolean.TRUE.equals(jaeger.get("enabled"));
    }
}
