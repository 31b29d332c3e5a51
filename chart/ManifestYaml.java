package chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes and reads one manifest document, in the block style Helm's templates produce. */
final class ManifestYaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build());

    private ManifestYaml() {}

    static String write(Map<String, Object> object) {
        try {
            return MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write object as YAML: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String document, String where) {
        if (document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
            return null;
        }
        try {
            Object parsed = MAPPER.readValue(document, Object.class);
            if (parsed == null) {
                return null;
            }
            if (!(parsed instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(where + ": a manifest document must be a YAML mapping");
            }
            return new LinkedHashMap<>((Map<String, Object>) parsed);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": invalid YAML: " + e.getOriginalMessage(), e);
        }
    }
}
