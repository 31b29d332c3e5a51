package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The size limits kube-apiserver and its etcd enforce: the request body (3 MiB, apiserver's
 * MaxRequestBodyBytes), ConfigMap and Secret data (1 MiB), annotations (256 KiB), and what etcd
 * stores (1.5 MiB, its default --max-request-bytes; apiserver answers 413 with etcd's message).
 * A real server stores built-in kinds as protobuf, a little smaller than the JSON measured here.
 */
final class ObjectLimits {
    static final long MAX_REQUEST_BODY_BYTES = 3L * 1024 * 1024;
    static final long MAX_STORED_BYTES = 1536L * 1024;
    static final long MAX_DATA_BYTES = 1024L * 1024;
    static final long MAX_ANNOTATIONS_BYTES = 256L * 1024;

    private ObjectLimits() {}

    /** A write whose body is over apiserver's limit is refused before it is read. */
    static void checkBody(long bytes) {
        if (bytes > MAX_REQUEST_BODY_BYTES) {
            throw new ApiException(413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_REQUEST_BODY_BYTES,
                    null, null, java.util.List.of());
        }
    }

    /** Validation (dry runs included): ConfigMap and Secret data, annotations. */
    static void validate(ResourceType type, ObjectNode object) {
        String name = Json.text(object, "metadata", "name");
        if (type.group().isEmpty() && type.kind().equals("ConfigMap")) {
            long size = entriesSize(object.path("data"), false) + entriesSize(object.path("binaryData"), true);
            if (size > MAX_DATA_BYTES) {
                throw ApiException.invalid(type, name, "[]", "Too long: must have at most " + MAX_DATA_BYTES + " bytes");
            }
        } else if (type.group().isEmpty() && type.kind().equals("Secret")) {
            if (entriesSize(object.path("data"), true) > MAX_DATA_BYTES) {
                throw ApiException.invalid(type, name, "data", "Too long: must have at most " + MAX_DATA_BYTES + " bytes");
            }
        }
        if (entriesSize(Json.metadata(object).path("annotations"), false) > MAX_ANNOTATIONS_BYTES) {
            throw ApiException.invalid(type, name, "metadata.annotations", "Too long: must have at most " + MAX_ANNOTATIONS_BYTES + " bytes");
        }
    }

    /** What etcd refuses to store (real writes only: a dry run never reaches it). */
    static void checkStorable(ObjectNode object) {
        if (object.toString().getBytes(StandardCharsets.UTF_8).length > MAX_STORED_BYTES) {
            throw new ApiException(413, "RequestEntityTooLarge", "etcdserver: request is too large", null, null, java.util.List.of());
        }
    }

    private static long entriesSize(JsonNode map, boolean base64) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            var e = it.next();
            String value = e.getValue().asText("");
            long valueBytes;
            if (base64) {
                try {
                    valueBytes = Base64.getDecoder().decode(value).length;
                } catch (IllegalArgumentException notBase64) {
                    valueBytes = value.length();
                }
            } else {
                valueBytes = value.getBytes(StandardCharsets.UTF_8).length;
            }
            size += e.getKey().length() + valueBytes;
        }
        return size;
    }
}
