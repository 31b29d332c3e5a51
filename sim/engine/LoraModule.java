package sim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One LoRA adapter the server knows, as {@code --lora-modules} gives it (vLLM's NAME=PATH or llm-d-inference-sim's JSON). */
public record LoraModule(String name, String path) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static LoraModule parse(String text) {
        String t = text.trim();
        if (t.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(t);
                String name = node.path("name").asText("");
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("--lora-modules " + text + ": the JSON form needs a \"name\"");
                }
                return new LoraModule(name, node.path("path").asText(name));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--lora-modules " + text + " is not valid JSON: use NAME, NAME=PATH or {\"name\":NAME,\"path\":PATH}");
            }
        }
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("--lora-modules " + text + " is not an adapter but looks like a flag the simulator does not know; see --help");
        }
        int eq = t.indexOf('=');
        String name = eq < 0 ? t : t.substring(0, eq);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("--lora-modules " + text + ": the adapter needs a name, e.g. sql-lora=/adapters/sql");
        }
        return new LoraModule(name, eq < 0 ? name : t.substring(eq + 1));
    }
}
