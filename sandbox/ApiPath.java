package sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource request path split into its parts:
 * {@code /api/v1/namespaces/NS/PLURAL/NAME/SUBRESOURCE} or {@code /apis/GROUP/VERSION/...}.
 */
record ApiPath(String group, String version, String namespace, String plural, String name, String subresource,
               Map<String, String> query) {

    /** Returns null when the path is not a resource path (discovery and the like). */
    static ApiPath parse(String rawPath) {
        int q = rawPath.indexOf('?');
        String path = q < 0 ? rawPath : rawPath.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : parseQuery(rawPath.substring(q + 1));
        List<String> s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        String group;
        int i;
        if (s.size() >= 3 && s.get(0).equals("api")) {
            group = "";
            i = 1;
        } else if (s.size() >= 4 && s.get(0).equals("apis")) {
            group = s.get(1);
            i = 2;
        } else {
            return null;
        }
        String version = s.get(i);
        List<String> rest = s.subList(i + 1, s.size());
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty() || rest.size() > 3) {
            return null;
        }
        // /api/v1/namespaces/x/status and /finalize are subresources of the namespace itself
        if (namespace != null && rest.size() == 1 && group.isEmpty()
                && (rest.get(0).equals("status") || rest.get(0).equals("finalize"))) {
            return new ApiPath(group, version, null, "namespaces", namespace, rest.get(0), query);
        }
        return new ApiPath(group, version, namespace, rest.get(0), rest.size() > 1 ? rest.get(1) : null,
                rest.size() > 2 ? rest.get(2) : null, query);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.merge(key, value, (a, b) -> a + "&" + b);
        }
        return params;
    }

    String param(String key) {
        return query.get(key);
    }

    boolean dryRun() {
        return "All".equals(query.get("dryRun"));
    }
}
