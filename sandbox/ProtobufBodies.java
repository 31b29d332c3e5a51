package sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads the Kubernetes protobuf request bodies that typed client-go clients send for the kinds people
 * and Helm create that way: {@code kubectl create namespace|secret|configmap} and Helm's release
 * Secrets. The envelope is {@code k8s\0} + runtime.Unknown (typeMeta, raw); field numbers are those of
 * k8s.io/api/core/v1 and apimachinery's ObjectMeta. Unknown fields are skipped; other kinds are refused.
 */
final class ProtobufBodies {
    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    private ProtobufBodies() {}

    static ObjectNode decode(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw ApiException.badRequest("the protobuf body does not start with the Kubernetes envelope k8s\\0");
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length);
            String apiVersion = "";
            String kind = "";
            byte[] raw = new byte[0];
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> {
                        CodedInputStream typeMeta = in.readBytes().newCodedInput();
                        while (!typeMeta.isAtEnd()) {
                            int t = typeMeta.readTag();
                            switch (WireFormat.getTagFieldNumber(t)) {
                                case 1 -> apiVersion = typeMeta.readString();
                                case 2 -> kind = typeMeta.readString();
                                default -> typeMeta.skipField(t);
                            }
                        }
                    }
                    case 2 -> raw = in.readByteArray();
                    default -> in.skipField(tag);
                }
            }
            ObjectNode object = Json.object().put("apiVersion", apiVersion).put("kind", kind);
            switch (apiVersion + "/" + kind) {
                case "v1/Secret" -> secret(CodedInputStream.newInstance(raw), object);
                case "v1/ConfigMap" -> configMap(CodedInputStream.newInstance(raw), object);
                case "v1/Namespace" -> namespace(CodedInputStream.newInstance(raw), object);
                default -> throw new ApiException(415, "UnsupportedMediaType", "the local Kubernetes API reads"
                        + " protobuf bodies for v1 Namespace, Secret and ConfigMap only, not " + apiVersion + " " + kind
                        + ": send JSON (for kubectl: write the object to a file and use kubectl apply -f)", null, null,
                        java.util.List.of());
            }
            return object;
        } catch (IOException e) {
            throw ApiException.badRequest("the protobuf body could not be read: " + e.getMessage());
        }
    }

    private static void secret(CodedInputStream in, ObjectNode object) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> object.set("metadata", objectMeta(in.readBytes().newCodedInput()));
                case 2 -> mapEntry(in, Json.objectField(object, "data"), true);
                case 3 -> object.put("type", in.readString());
                case 4 -> mapEntry(in, Json.objectField(object, "stringData"), false);
                case 5 -> object.put("immutable", in.readBool());
                default -> in.skipField(tag);
            }
        }
    }

    private static void configMap(CodedInputStream in, ObjectNode object) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> object.set("metadata", objectMeta(in.readBytes().newCodedInput()));
                case 2 -> mapEntry(in, Json.objectField(object, "data"), false);
                case 3 -> mapEntry(in, Json.objectField(object, "binaryData"), true);
                case 4 -> object.put("immutable", in.readBool());
                default -> in.skipField(tag);
            }
        }
    }

    private static void namespace(CodedInputStream in, ObjectNode object) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> object.set("metadata", objectMeta(in.readBytes().newCodedInput()));
                case 2 -> {
                    CodedInputStream spec = in.readBytes().newCodedInput();
                    while (!spec.isAtEnd()) {
                        int t = spec.readTag();
                        if (WireFormat.getTagFieldNumber(t) == 1) {
                            ObjectNode specNode = Json.objectField(object, "spec");
                            if (!specNode.has("finalizers")) {
                                specNode.putArray("finalizers");
                            }
                            ((ArrayNode) specNode.get("finalizers")).add(spec.readString());
                        } else {
                            spec.skipField(t);
                        }
                    }
                }
                default -> in.skipField(tag);
            }
        }
    }

    /** The ObjectMeta fields a client sets; server-maintained ones are set by the local API itself. */
    private static ObjectNode objectMeta(CodedInputStream in) throws IOException {
        ObjectNode metadata = Json.object();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> metadata.put("name", in.readString());
                case 2 -> metadata.put("generateName", in.readString());
                case 3 -> metadata.put("namespace", in.readString());
                case 5 -> metadata.put("uid", in.readString());
                case 6 -> metadata.put("resourceVersion", in.readString());
                case 11 -> mapEntry(in, Json.objectField(metadata, "labels"), false);
                case 12 -> mapEntry(in, Json.objectField(metadata, "annotations"), false);
                case 14 -> {
                    if (!metadata.has("finalizers")) {
                        metadata.putArray("finalizers");
                    }
                    ((ArrayNode) metadata.get("finalizers")).add(in.readString());
                }
                default -> in.skipField(tag);
            }
        }
        for (String empty : new String[] {"name", "generateName", "namespace", "uid", "resourceVersion"}) {
            if (metadata.path(empty).asText().isEmpty()) {
                metadata.remove(empty);
            }
        }
        return metadata;
    }

    /** One entry of a protobuf map (key 1, value 2); bytes values become base64 as in JSON. */
    private static void mapEntry(CodedInputStream in, ObjectNode target, boolean bytesValue) throws IOException {
        CodedInputStream entry = in.readBytes().newCodedInput();
        String key = "";
        String value = "";
        while (!entry.isAtEnd()) {
            int tag = entry.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = entry.readString();
                case 2 -> value = bytesValue ? Base64.getEncoder().encodeToString(entry.readByteArray())
                        : entry.readBytes().toString(StandardCharsets.UTF_8);
                default -> entry.skipField(tag);
            }
        }
        target.put(key, value);
    }
}
