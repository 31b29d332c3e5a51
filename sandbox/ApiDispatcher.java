package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * Routes each request of the local API: discovery and OpenAPI documents, port-forward, reads (with
 * set-based selectors, {@code <Kind>List} and Table answers), writes through {@link ObjectWrites} and
 * {@link Deletions}, watches over WebSocket ({@link WebSocketWatch}) and plain HTTP ({@link HttpWatch}
 * long polls). Objects live in the fabric8 mock's store underneath ({@link ObjectStore}). Every answer
 * is JSON with a JSON content type; writes are serialised by one lock.
 */
final class ApiDispatcher extends KubernetesCrudDispatcher {
    private static final String JSON = "application/json";

    private final ObjectStore store = new ObjectStore(this);
    private final ResourceCatalog catalog = new ResourceCatalog(store);
    private final Discovery discovery = new Discovery(catalog);
    private final Deletions deletions = new Deletions(store, catalog);
    private final ObjectWrites writes = new ObjectWrites(store, deletions);
    private final PortForwarding portForwarding = new PortForwarding();
    private final AccessReviews reviews = new AccessReviews(store, catalog);
    private final Object writeLock = new Object();
    private final WebSocketWatch.Hub watches = new WebSocketWatch.Hub();

    ApiDispatcher() {
        store.onChange(watches);
    }

    /**
     * Creates an object that comes with the API (namespaces, CRDs), owned by no field manager, so that
     * applying it again (say, the real GAIE CRD) takes it over without conflicts.
     */
    void seed(ResourceType type, ObjectNode object) {
        String namespace = Json.text(object, "metadata", "namespace");
        ApiPath path = new ApiPath(type.group(), type.version(), namespace, type.plural(), null, null,
                java.util.Map.of());
        synchronized (writeLock) {
            writes.create(type, path, object, null);
        }
    }

    void mapPodPort(String namespace, String pod, int port, InetSocketAddress target) {
        portForwarding.map(namespace, pod, port, target);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return json(e.code, e.toStatus());
        } catch (RuntimeException e) {
            ApiException internal = new ApiException(500, "InternalError", "internal error in the local"
                    + " Kubernetes API: " + e, null, null, List.of());
            return json(500, internal.toStatus());
        }
    }

    private MockResponse route(RecordedRequest request) {
        String rawPath = request.getPath();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        if (method.equals("GET")) {
            ObjectNode document = discovery.document(path);
            if (document != null) {
                return json(200, document);
            }
            if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok");
            }
        }
        ApiPath api = ApiPath.parse(rawPath);
        if (AccessReviews.handles(method, path, api)) {
            return json(201, reviews.answer(method, path, api, body(request)));
        }
        if (api == null) {
            throw ApiException.notFound("the server could not find the requested resource");
        }
        ResourceType type = catalog.find(api.group(), api.version(), api.plural())
                .orElseThrow(() -> ApiException.notFound("the server could not find the requested resource"));
        if ("portforward".equals(api.subresource()) && type.kind().equals("Pod") && type.group().isEmpty()) {
            store.get(type, api.namespace(), api.name()).orElseThrow(() -> ApiException.notFound(type, api.name()));
            String subprotocols = request.getHeader("Sec-WebSocket-Protocol");
            if (subprotocols != null && subprotocols.contains(SpdyPortForwardTunnel.PROTOCOL)) {
                return portForwarding.openForKubectl(api.namespace(), api.name());
            }
            return portForwarding.open(api.namespace(), api.name(), api.param("ports"));
        }
        if ("scale".equals(api.subresource()) && ScaleSubresource.supports(type)) {
            return scale(request, type, api, manager(request, api));
        }
        if (api.subresource() != null && !api.subresource().equals("status")) {
            throw ApiException.notFound("the server could not find the requested resource");
        }
        if (api.subresource() != null && !type.statusSubresource()) {
            throw ApiException.notFound("the server could not find the requested resource");
        }
        String manager = manager(request, api);
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            ObjectLimits.checkBody(request.getBody() == null ? 0 : request.getBody().size());
        }
        return switch (method) {
            case "GET" -> get(type, api, request.getHeader("Upgrade"), request.getHeader("Accept"));
            case "POST" -> {
                ObjectNode body = body(request);
                synchronized (writeLock) {
                    yield json(api.dryRun() ? 200 : 201, writes.create(type, api, body, manager));
                }
            }
            case "PUT" -> {
                ObjectNode body = body(request);
                synchronized (writeLock) {
                    yield json(200, writes.replace(type, api, body, manager));
                }
            }
            case "PATCH" -> patch(request, type, api, manager);
            case "DELETE" -> delete(request, type, api);
            default -> throw ApiException.methodNotAllowed(method, path);
        };
    }

    private MockResponse scale(RecordedRequest request, ResourceType type, ApiPath api, String manager) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        synchronized (writeLock) {
            ObjectNode object = store.get(type, api.namespace(), api.name())
                    .orElseThrow(() -> ApiException.notFound(type, api.name()));
            ObjectNode current = ScaleSubresource.of(object);
            ObjectNode wanted = switch (method) {
                case "GET" -> null;
                case "PUT" -> body(request);
                case "PATCH" -> Patches.apply(request.getHeader("Content-Type"), current, request.getUtf8Body());
                default -> throw ApiException.methodNotAllowed(method, api.name() + "/scale");
            };
            if (wanted == null) {
                return json(200, current);
            }
            String rv = Json.text(wanted, "metadata", "resourceVersion");
            if (method.equals("PUT") && rv != null && !rv.isEmpty()
                    && !rv.equals(Json.text(object, "metadata", "resourceVersion"))) {
                throw ApiException.conflict(type, api.name());
            }
            return json(200, ScaleSubresource.of(writes.scale(type, api, ScaleSubresource.replicas(wanted), manager)));
        }
    }

    private MockResponse get(ResourceType type, ApiPath api, String upgrade, String accept) {
        String watch = api.param("watch");
        if ("true".equals(watch) || "1".equals(watch)) {
            if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
                synchronized (writeLock) {
                    return HttpWatch.events(store, type, api, TableView.wanted(accept));
                }
            }
            return new MockResponse().withWebSocketUpgrade(new WebSocketWatch(watches, store,
                    new WatchEvents(type, api), writeLock));
        }
        if (TableView.wanted(accept)) {
            JsonNode crd = store.get(ResourceCatalog.CRDS, null, type.qualifiedPlural()).orElse(null);
            List<ObjectNode> items = api.name() == null ? selected(type, api)
                    : List.of(store.get(type, api.namespace(), api.name())
                            .orElseThrow(() -> ApiException.notFound(type, api.name())));
            return json(200, TableView.of(type, items, store.currentResourceVersion(), crd));
        }
        if (api.name() != null) {
            return json(200, store.get(type, api.namespace(), api.name())
                    .orElseThrow(() -> ApiException.notFound(type, api.name())));
        }
        return json(200, list(type, selected(type, api)));
    }

    private List<ObjectNode> selected(ResourceType type, ApiPath api) {
        LabelSelector labels = LabelSelector.parse(api.param("labelSelector"));
        FieldSelector fields = FieldSelector.parse(api.param("fieldSelector"));
        return store.list(type, api.namespace()).stream().filter(o -> labels.matches(o) && fields.matches(o)).toList();
    }

    private ObjectNode list(ResourceType type, List<ObjectNode> items) {
        ObjectNode list = Json.object().put("apiVersion", type.apiVersion()).put("kind", type.listKind());
        list.putObject("metadata").put("resourceVersion", store.currentResourceVersion());
        ArrayNode array = list.putArray("items");
        items.forEach(array::add);
        return list;
    }

    private MockResponse patch(RecordedRequest request, ResourceType type, ApiPath api, String manager) {
        String contentType = request.getHeader("Content-Type");
        String body = request.getUtf8Body();
        synchronized (writeLock) {
            if (contentType != null && contentType.startsWith(Patches.APPLY_PATCH)) {
                boolean existed = store.get(type, api.namespace(), api.name()).isPresent();
                ObjectNode result = writes.apply(type, api, body, api.param("fieldManager"),
                        "true".equals(api.param("force")));
                return json(existed || api.dryRun() ? 200 : 201, result);
            }
            return json(200, writes.patch(type, api, contentType, body, manager));
        }
    }

    private MockResponse delete(RecordedRequest request, ResourceType type, ApiPath api) {
        String body = request.getUtf8Body();
        synchronized (writeLock) {
            if (api.name() != null) {
                return json(200, deletions.delete(type, api, body));
            }
            return json(200, list(type, deletions.deleteCollection(type, selected(type, api), api.dryRun())));
        }
    }

    private static ObjectNode body(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        String type = contentType == null ? JSON : contentType.split(";")[0].trim();
        if (type.equals(ProtobufBodies.CONTENT_TYPE)) {
            return ProtobufBodies.decode(request.getBody().getBytes());
        }
        boolean yaml = type.equals("application/yaml");
        if (!yaml && !type.equals(JSON) && !type.equals("*/*")) {
            throw ApiException.unsupportedMediaType(contentType);
        }
        return Json.parseObject(request.getUtf8Body(), yaml);
    }

    /** As kube-apiserver: the fieldManager parameter, else the user agent up to its first slash. */
    private static String manager(RecordedRequest request, ApiPath api) {
        String manager = api.param("fieldManager");
        if (manager != null && !manager.isEmpty()) {
            return manager;
        }
        String agent = request.getHeader("User-Agent");
        return agent == null || agent.isEmpty() ? "unknown" : agent.split("/")[0];
    }

    private static MockResponse json(int code, JsonNode body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON).setBody(Json.write(body));
    }
}
