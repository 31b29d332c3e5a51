package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A field selector ({@code ?fieldSelector=metadata.name=x,type!=y}) matched against the object's
 * JSON by dotted path, which covers the fields real servers index (metadata.name, metadata.namespace,
 * Secret type, Pod status.phase, spec.nodeName...).
 */
final class FieldSelector {
    private record Requirement(String path, boolean equal, String value) {}

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    static FieldSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        if (selector != null && !selector.isBlank()) {
            for (String part : selector.split(",")) {
                int ne = part.indexOf("!=");
                int eq = part.indexOf('=');
                if (ne > 0) {
                    requirements.add(new Requirement(part.substring(0, ne).trim(), false, part.substring(ne + 2).trim()));
                } else if (eq > 0) {
                    String value = part.substring(eq + 1);
                    value = value.startsWith("=") ? value.substring(1) : value;
                    requirements.add(new Requirement(part.substring(0, eq).trim(), true, value.trim()));
                } else {
                    throw ApiException.badRequest("invalid field selector requirement \"" + part
                            + "\": expected key=value or key!=value");
                }
            }
        }
        return new FieldSelector(requirements);
    }

    boolean matches(JsonNode object) {
        for (Requirement r : requirements) {
            String actual = Json.text(object, r.path().split("\\."));
            String value = actual == null ? "" : actual;
            if (r.equal() != value.equals(r.value())) {
                return false;
            }
        }
        return true;
    }
}
