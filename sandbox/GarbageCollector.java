package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds what a real cluster's garbage collector would delete: objects whose every owner
 * (metadata.ownerReferences, by uid) is gone. Run synchronously after each delete, so dependents
 * disappear with their owner (background propagation without the delay).
 */
final class GarbageCollector {
    private GarbageCollector() {}

    static List<ObjectNode> orphans(List<ObjectNode> all) {
        Set<String> uids = new HashSet<>();
        for (ObjectNode o : all) {
            String uid = Json.text(o, "metadata", "uid");
            if (uid != null && Json.at(o, "metadata", "deletionTimestamp") == null) {
                uids.add(uid);
            }
        }
        List<ObjectNode> orphans = new ArrayList<>();
        for (ObjectNode o : all) {
            JsonNode owners = Json.at(o, "metadata", "ownerReferences");
            if (owners == null || !owners.isArray() || owners.isEmpty()
                    || Json.at(o, "metadata", "deletionTimestamp") != null) {
                continue;
            }
            boolean anyOwnerLeft = false;
            for (JsonNode ref : owners) {
                anyOwnerLeft |= uids.contains(ref.path("uid").asText());
            }
            if (!anyOwnerLeft) {
                orphans.add(o);
            }
        }
        return orphans;
    }
}
