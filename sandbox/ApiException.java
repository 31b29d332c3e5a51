package sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A failed request, answered as a Kubernetes {@code Status} with the reason a real apiserver gives. */
final class ApiException extends RuntimeException {
    /** One entry of {@code details.causes}. */
    record Cause(String reason, String message, String field) {}

    final int code;
    final String reason;
    final String name;
    final String kind;
    final List<Cause> causes;

    ApiException(int code, String reason, String message, String name, String kind, List<Cause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.name = name;
        this.kind = kind;
        this.causes = causes;
    }

    static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found",
                name, type.plural(), List.of());
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFound", message, null, null, List.of());
    }

    static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists",
                name, type.plural(), List.of());
    }

    static ApiException conflict(ResourceType type, String name) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural()
                + " \"" + name + "\": the object has been modified; please apply your changes to the latest version"
                + " and try again", name, type.plural(), List.of());
    }

    static ApiException applyConflicts(ResourceType type, String name, String message, List<Cause> causes) {
        return new ApiException(409, "Conflict", message, name, type.plural(), causes);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null, List.of());
    }

    static ApiException invalid(ResourceType type, String name, String field, String message) {
        return new ApiException(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: " + field + ": " + message,
                name, type.kind(), List.of(new Cause("FieldValueInvalid", message, field)));
    }

    static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format"
                + " - accepted media types include: application/json, application/yaml,"
                + " application/json-patch+json, application/merge-patch+json,"
                + " application/strategic-merge-patch+json, application/apply-patch+yaml (got: " + contentType + ")",
                null, null, List.of());
    }

    static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested"
                + " resource: " + method + " " + path, null, null, List.of());
    }

    ObjectNode toStatus() {
        ObjectNode status = Json.object();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", getMessage()).put("reason", reason).put("code", code);
        if (name != null || kind != null || !causes.isEmpty()) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (kind != null) {
                details.put("kind", kind);
            }
            if (!causes.isEmpty()) {
                ArrayNode array = details.putArray("causes");
                for (Cause c : causes) {
                    ObjectNode cause = array.addObject().put("reason", c.reason()).put("message", c.message());
                    if (c.field() != null) {
                        cause.put("field", c.field());
                    }
                }
            }
        }
        return status;
    }
}
