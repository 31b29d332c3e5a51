package sim.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The adapters loaded on the GPU, at most {@code max-loras}: a request may run when its adapter is
 * loaded, or when a slot is free or held by an idle adapter (the least recently used idle one is
 * unloaded). Loading costs time; the engine adds it to the request's prefill.
 */
final class LoraSlots {
    private final int maxLoras;
    /** Loaded adapter → running requests using it, least recently used first. */
    private final LinkedHashMap<String, Integer> loaded = new LinkedHashMap<>(16, 0.75f, true);

    LoraSlots(int maxLoras) {
        this.maxLoras = maxLoras;
    }

    boolean canRun(String lora) {
        if (lora == null || loaded.containsKey(lora)) {
            return true;
        }
        return loaded.size() < maxLoras || loaded.containsValue(0);
    }

    /** Marks one more request of {@code lora} running; true when the adapter had to be loaded. */
    boolean acquire(String lora) {
        if (lora == null) {
            return false;
        }
        Integer running = loaded.get(lora);
        if (running != null) {
            loaded.put(lora, running + 1);
            return false;
        }
        if (loaded.size() >= maxLoras) {
            Iterator<Map.Entry<String, Integer>> it = loaded.entrySet().iterator();
            while (it.hasNext()) {
                if (it.next().getValue() == 0) {
                    it.remove();
                    break;
                }
            }
        }
        loaded.put(lora, 1);
        return true;
    }

    void release(String lora) {
        if (lora != null) {
            loaded.computeIfPresent(lora, (k, n) -> n - 1);
        }
    }

    boolean isLoaded(String lora) {
        return loaded.containsKey(lora);
    }

    int maxLoras() {
        return maxLoras;
    }
}
