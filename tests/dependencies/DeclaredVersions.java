package dependencies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The version each library is declared at, read from the //DEPS lines of `dependencies/*.java`: a
 * `group:artifact:version` line names one artifact; a `group:artifact:version@pom` line is a BOM, and
 * every artifact its dependencyManagement lists is declared at the BOM's version for it (read from the
 * BOM's POM in the local Maven repository, with the POM's own ${properties} substituted).
 */
final class DeclaredVersions {
    private static final Pattern DEPS = Pattern.compile("^//DEPS\\s+([^:\\s]+):([^:\\s]+)(?::([^:@\\s]+))?(@pom)?\\s*$");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /** "group:artifact" → declared version; explicit //DEPS versions win over a BOM's. */
    static Map<String, String> read(Path dependencyFolder, Path localRepository) throws Exception {
        Map<String, String> explicit = new LinkedHashMap<>();
        Map<String, String> managed = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dependencyFolder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = DEPS.matcher(line.strip());
                    if (!m.matches() || m.group(3) == null) {
                        continue;   // a BOM-managed line: its version is the BOM's
                    }
                    if (m.group(4) != null) {
                        managed.putAll(bom(localRepository, m.group(1), m.group(2), m.group(3)));
                    } else {
                        explicit.put(m.group(1) + ":" + m.group(2), m.group(3));
                    }
                }
            }
        }
        Map<String, String> declared = new LinkedHashMap<>(managed);
        declared.putAll(explicit);
        return declared;
    }

    private static Map<String, String> bom(Path repository, String group, String artifact, String version) throws Exception {
        Path pom = repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + ".pom");
        if (!Files.isRegularFile(pom)) {
            throw new IOException("BOM " + group + ":" + artifact + ":" + version + " is not in the local repository at " + pom);
        }
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("project.version", version);
        for (Element props : children(project, "properties")) {
            NodeList nodes = props.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element e) {
                    properties.put(e.getTagName(), e.getTextContent().strip());
                }
            }
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (Element management : children(project, "dependencyManagement")) {
            for (Element dependencies : children(management, "dependencies")) {
                for (Element dependency : children(dependencies, "dependency")) {
                    String g = substitute(text(dependency, "groupId"), properties, pom);
                    String a = substitute(text(dependency, "artifactId"), properties, pom);
                    String v = substitute(text(dependency, "version"), properties, pom);
                    if (!"import".equals(text(dependency, "scope"))) {
                        versions.put(g + ":" + a, v);
                    }
                }
            }
        }
        return versions;
    }

    private static String substitute(String value, Map<String, String> properties, Path pom) {
        String result = value;
        for (int depth = 0; depth < 10 && result.contains("${"); depth++) {
            Matcher m = PROPERTY.matcher(result);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement = properties.get(m.group(1));
                if (replacement == null) {
                    throw new IllegalStateException("${" + m.group(1) + "} is not defined in " + pom);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            result = out.toString();
        }
        return result;
    }

    private static String text(Element parent, String tag) {
        var found = children(parent, tag);
        return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
    }

    private static java.util.List<Element> children(Element parent, String tag) {
        java.util.List<Element> found = new java.util.ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                found.add(e);
            }
        }
        return found;
    }

    private DeclaredVersions() {}
}
