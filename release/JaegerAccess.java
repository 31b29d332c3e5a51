package release;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kube.ObjectRef;
import kube.Pods;
import kube.PortForwarder;

/** `port-forward-jaeger`: finds a ready pod behind `<release>-jaeger-query` and forwards a local port to its UI. */
public final class JaegerAccess {
    public static final int UI_PORT = 16686;

    /** The pod and port a forward goes to. */
    public record Target(String namespace, String pod, int podPort, String service) {}

    private final ReleaseContext ctx;
    private final PortForwarder forwarder;

    public JaegerAccess(ReleaseContext ctx, PortForwarder forwarder) {
        this.ctx = ctx;
        this.forwarder = forwarder;
    }

    @SuppressWarnings("unchecked")
    public Target find(String releaseName) {
        Release release = new Queries(ctx.store()).revision(releaseName, 0);
        String service = releaseName + "-jaeger-query";
        boolean jaegerOn = ctx.chart().parseManifest(release.manifest()).stream()
                .map(ObjectRef::of).anyMatch(r -> r.kind().equals("Service") && r.name().equals(service));
        if (!jaegerOn) {
            throw new ReleaseException("release \"" + releaseName + "\" has Jaeger off (revision " + release.version()
                    + " renders no Service " + service + "); turn it on with `pool upgrade " + releaseName
                    + " --reuse-values --set jaeger.enabled=true`");
        }
        var live = ctx.cluster().get(new ObjectRef("v1", "Service", ctx.namespace(), service))
                .orElseThrow(() -> new ReleaseException("Service " + service + " of release \"" + releaseName + "\" is missing in namespace "
                        + ctx.namespace() + "; repair the release with `pool upgrade " + releaseName + " --reuse-values`"));
        var spec = (Map<String, Object>) live.getOrDefault("spec", Map.of());
        var selector = new LinkedHashMap<String, String>();
        ((Map<String, Object>) spec.getOrDefault("selector", Map.of())).forEach((k, v) -> selector.put(k, String.valueOf(v)));
        int podPort = targetPort(spec);
        List<Map<String, Object>> pods = ctx.cluster().list("v1", "Pod", ctx.namespace(), selector);
        for (var pod : pods) {
            if (Pods.isReady(pod)) {
                return new Target(ctx.namespace(), ObjectRef.of(pod).name(), podPort, service);
            }
        }
        throw new ReleaseException("no ready pod behind Service " + service + " (" + pods.size() + " pod(s) match "
                + selector + ", none Ready); check `kubectl -n " + ctx.namespace() + " get pods -l "
                + String.join(",", selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()) + "`");
    }

    public PortForwarder.Forward open(Target target, InetAddress address, int localPort) {
        return forwarder.open(target.namespace(), target.pod(), target.podPort(), address, localPort);
    }

    /** The numeric targetPort of the `http-query` port (the UI), 16686 when not numeric. */
    @SuppressWarnings("unchecked")
    private static int targetPort(Map<String, Object> spec) {
        if (spec.get("ports") instanceof List<?> ports) {
            for (Object p : ports) {
                if (p instanceof Map<?, ?> port && "http-query".equals(port.get("name")) && port.get("targetPort") instanceof Number n) {
                    return n.intValue();
                }
            }
        }
        return UI_PORT;
    }

}
