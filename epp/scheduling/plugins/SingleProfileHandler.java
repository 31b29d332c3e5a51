package epp.scheduling.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import epp.datastore.Endpoint;
import epp.scheduling.SchedulingException;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.ProfileHandler;
import epp.scheduling.framework.ProfileRunResult;
import epp.scheduling.framework.SchedulerProfile;
import epp.scheduling.framework.TypedName;
import java.util.List;
import java.util.Map;

/** Runs the one configured profile once; its result is the primary result. */
public final class SingleProfileHandler implements ProfileHandler {
    public static final String TYPE = "single-profile-handler";

    private final TypedName typedName;

    public SingleProfileHandler(String name) {
        this.typedName = new TypedName(TYPE, name);
    }

    public static SingleProfileHandler create(String name, JsonNode parameters, PluginHandle handle) {
        return new SingleProfileHandler(name);
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    @Override
    public Map<String, SchedulerProfile> pick(SchedulingRequest request, Map<String, SchedulerProfile> profiles,
                                              Map<String, ProfileRunResult> resultsSoFar) {
        return resultsSoFar.size() == profiles.size() ? Map.of() : profiles;
    }

    @Override
    public SchedulingResult processResults(SchedulingRequest request, Map<String, ProfileRunResult> results)
            throws SchedulingException {
        if (results.size() != 1) {
            throw new SchedulingException("single profile handler is intended to be used with a single profile, "
                    + "but multiple/zero profiles were found");
        }
        var only = results.entrySet().iterator().next();
        if (!only.getValue().succeeded()) {
            throw new SchedulingException("failed to run scheduler profile '" + only.getKey() + "'");
        }
        Map<String, List<Endpoint>> targets = Map.of(only.getKey(), only.getValue().targets());
        return new SchedulingResult(only.getKey(), targets);
    }
}
