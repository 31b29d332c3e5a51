package chart;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import values.Yaml;

/** The rendered objects of a release, in Helm's install order, and their YAML stream. */
public final class Manifest {
    private static final String SOURCE_PREFIX = "# Source: ";

    private final List<RenderedObject> objects;

    public Manifest(List<RenderedObject> objects) {
        this.objects = List.copyOf(objects);
    }

    public List<RenderedObject> objects() {
        return objects;
    }

    /**
     * Helm's manifest stream: per object {@code ---}, {@code # Source: <file>}, then the object.
     * The same objects always give the same bytes.
     */
    public String toYaml() {
        StringBuilder out = new StringBuilder();
        for (RenderedObject o : objects) {
            out.append("---\n").append(SOURCE_PREFIX).append(o.sourceTemplate()).append('\n')
                    .append(Yaml.write(o.object()));
        }
        return out.toString();
    }

    /** Reads a stored manifest (a release record's {@code manifest}) back into objects. */
    public static Manifest parse(String yamlStream) {
        List<RenderedObject> parsed = new ArrayList<>();
        String source = "";
        StringBuilder document = new StringBuilder();
        for (String line : (yamlStream + "\n---").split("\n", -1)) {
            if (line.equals("---") || line.startsWith("--- ")) {
                for (Object object : documentObjects(document.toString(), parsed.size() + 1)) {
                    if (!(object instanceof Map<?, ?> map)) {
                        throw new IllegalArgumentException("manifest document " + (parsed.size() + 1)
                                + " is not a Kubernetes object (a YAML mapping)");
                    }
                    if (!map.isEmpty()) {
                        parsed.add(new RenderedObject(source, castMap(map)));
                    }
                }
                source = "";
                document.setLength(0);
            } else if (line.startsWith(SOURCE_PREFIX) && document.toString().isBlank()) {
                source = line.substring(SOURCE_PREFIX.length()).trim();
            } else {
                document.append(line).append('\n');
            }
        }
        return new Manifest(parsed);
    }

    /**
     * Only the objects named by {@code Kind/name} (kind case-insensitive) or by template file
     * ({@code templates/rbac.yaml}, as Helm's --show-only), in manifest order.
     *
     * @throws IllegalArgumentException naming every selector that matches nothing, and what exists
     */
    public Manifest select(List<String> selectors) {
        Set<RenderedObject> chosen = new LinkedHashSet<>();
        List<String> unmatched = new ArrayList<>();
        for (String selector : selectors) {
            List<RenderedObject> matches = objects.stream().filter(o -> matches(selector.trim(), o)).toList();
            if (matches.isEmpty()) {
                unmatched.add(selector);
            }
            chosen.addAll(matches);
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("--show-only " + String.join(", ", unmatched)
                    + " matches no rendered object; use KIND/NAME or a template path. Rendered: "
                    + objects.stream().map(RenderedObject::kindSlashName).collect(Collectors.joining(", ")));
        }
        return new Manifest(objects.stream().filter(chosen::contains).toList());
    }

    private static boolean matches(String selector, RenderedObject o) {
        if (selector.endsWith(".yaml") || selector.endsWith(".yml")) {
            return o.sourceTemplate().equals(selector) || o.sourceTemplate().endsWith("/" + selector);
        }
        int slash = selector.indexOf('/');
        return slash > 0
                && o.kind().toLowerCase(Locale.ROOT).equals(selector.substring(0, slash).toLowerCase(Locale.ROOT))
                && o.name().equals(selector.substring(slash + 1));
    }

    private static List<Object> documentObjects(String document, int number) {
        try {
            return Yaml.readAll(document);
        } catch (values.ValuesException e) {
            throw new IllegalArgumentException("manifest document " + number + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Manifest m && m.objects.equals(objects);
    }

    @Override
    public int hashCode() {
        return objects.hashCode();
    }

    @Override
    public String toString() {
        return objects.stream().map(RenderedObject::kindSlashName).collect(Collectors.joining(", ", "Manifest[", "]"));
    }

}
