package kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What kube-apiserver refuses whatever the cluster: object names (RFC 1035 labels for Services,
 * RFC 1123 labels for Namespaces, RBAC path segments, RFC 1123 subdomains for the rest), label
 * syntax, and sizes: ConfigMap and Secret data 1 MiB, annotations 256 KiB, and 1.5 MiB for a whole
 * object (etcd's default request limit; the server answers `etcdserver: request is too large`).
 * Checked before the first write, so a release is never refused half-way for these.
 */
public final class ApiServerLimits {
    public static final long MAX_OBJECT_BYTES = 1536L * 1024;
    public static final long MAX_DATA_BYTES = 1024L * 1024;
    public static final long MAX_ANNOTATIONS_BYTES = 256L * 1024;

    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private ApiServerLimits() {}

    /** Every rule the object breaks, each naming the object, the rule and the value; empty when none. */
    public static List<String> problems(Map<String, Object> object) {
        var ref = ObjectRef.of(object);
        var problems = new ArrayList<String>();
        String nameProblem = nameProblem(ref);
        if (nameProblem != null) {
            problems.add(ref.describe() + ": " + nameProblem);
        }
        labels(object).forEach((key, value) -> {
            String v = String.valueOf(value);
            if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
                problems.add(ref.describe() + ": label " + key + "=\"" + v + "\" is not a valid label value (at most 63 letters, "
                        + "digits, '-', '_' or '.', starting and ending with a letter or digit)");
            }
        });
        long annotations = entriesBytes(metadata(object).get("annotations"), false);
        if (annotations > MAX_ANNOTATIONS_BYTES) {
            problems.add(ref.describe() + ": its annotations are " + annotations + " bytes; the API server takes at most "
                    + MAX_ANNOTATIONS_BYTES);
        }
        if (ref.group().isEmpty() && (ref.kind().equals("ConfigMap") || ref.kind().equals("Secret"))) {
            boolean secret = ref.kind().equals("Secret");
            long data = entriesBytes(object.get("data"), secret) + entriesBytes(object.get("binaryData"), true)
                    + entriesBytes(object.get("stringData"), false);
            if (data > MAX_DATA_BYTES) {
                problems.add(ref.describe() + ": its data is " + data + " bytes; a " + ref.kind() + " holds at most " + MAX_DATA_BYTES
                        + " (1 MiB)");
            }
        }
        long size = JSON.asJson(object).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_OBJECT_BYTES) {
            problems.add(ref.describe() + " is " + size + " bytes as JSON; the API server stores objects of at most "
                    + MAX_OBJECT_BYTES + " bytes (1.5 MiB, etcd's request limit) and would answer \"etcdserver: request is too large\"");
        }
        return problems;
    }

    /** Null when the name is one the API server accepts for that kind. */
    static String nameProblem(ObjectRef ref) {
        String name = ref.name();
        if (name == null || name.isEmpty()) {
            return "metadata.name is required";
        }
        boolean core = ref.group().isEmpty();
        if (core && ref.kind().equals("Service")) {
            return name.length() <= 63 && DNS_1035_LABEL.matcher(name).matches() ? null
                    : "a Service name must be a DNS-1035 label: at most 63 lower-case letters, digits and '-', starting with a letter "
                    + "and ending with a letter or digit (no '.')";
        }
        if (core && ref.kind().equals("Namespace")) {
            return name.length() <= 63 && DNS_1123_LABEL.matcher(name).matches() ? null
                    : "a Namespace name must be a DNS-1123 label: at most 63 lower-case letters, digits and '-' (no '.')";
        }
        if (ref.group().equals("rbac.authorization.k8s.io")) {
            return name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")
                    ? "an RBAC name may not be '.' or '..' nor contain '/' or '%'" : null;
        }
        return name.length() <= 253 && DNS_1123_SUBDOMAIN.matcher(name).matches() ? null
                : "a " + ref.kind() + " name must be a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' and '.', "
                + "starting and ending with a letter or digit";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> object) {
        return object.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> labels(Map<String, Object> object) {
        return metadata(object).get("labels") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static long entriesBytes(Object map, boolean base64) {
        if (!(map instanceof Map<?, ?> entries)) {
            return 0;
        }
        long size = 0;
        for (var e : entries.entrySet()) {
            String value = String.valueOf(e.getValue());
            long bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (base64) {
                try {
                    bytes = Base64.getDecoder().decode(value).length;
                } catch (IllegalArgumentException notBase64) {
                    // counted as text
                }
            }
            size += String.valueOf(e.getKey()).length() + bytes;
        }
        return size;
    }
}
