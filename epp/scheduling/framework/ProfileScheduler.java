package epp.scheduling.framework;

import epp.datastore.Endpoint;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingException;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler built from an EndpointPickerConfig: a profile handler choosing among named profiles,
 * plus the request-control hooks of every configured plugin. Thread-safe: it holds no per-request
 * state; plugins that keep state (the prefix-cache scorer) synchronise themselves.
 */
public final class ProfileScheduler implements Scheduler, AutoCloseable {
    private final ProfileHandler profileHandler;
    private final Map<String, SchedulerProfile> profiles;
    private final List<PreRequest> preRequestPlugins;
    private final List<ResponseComplete> responseCompletePlugins;
    private final List<Plugin> allPlugins;
    private final SchedulingObserver observer;

    /**
     * @param allPlugins every instantiated plugin; request-control hooks are taken from here (whether a
     *                   profile uses the plugin or not), and closeable plugins are closed with the scheduler
     */
    public ProfileScheduler(ProfileHandler profileHandler, Map<String, SchedulerProfile> profiles,
                            List<Plugin> allPlugins, SchedulingObserver observer) {
        this.profileHandler = profileHandler;
        this.profiles = Map.copyOf(profiles);
        this.allPlugins = List.copyOf(allPlugins);
        this.observer = observer;
        List<PreRequest> preRequest = new ArrayList<>();
        List<ResponseComplete> responseComplete = new ArrayList<>();
        for (Plugin plugin : allPlugins) {
            if (plugin instanceof PreRequest hook) {
                preRequest.add(hook);
            }
            if (plugin instanceof ResponseComplete hook) {
                responseComplete.add(hook);
            }
        }
        this.preRequestPlugins = List.copyOf(preRequest);
        this.responseCompletePlugins = List.copyOf(responseComplete);
    }

    public ProfileHandler profileHandler() {
        return profileHandler;
    }

    public Map<String, SchedulerProfile> profiles() {
        return profiles;
    }

    public List<Plugin> plugins() {
        return allPlugins;
    }

    @Override
    public SchedulingResult schedule(SchedulingRequest request, List<Endpoint> candidates) throws SchedulingException {
        long start = System.nanoTime();
        try {
            List<Candidate> snapshot = new ArrayList<>(candidates.size());
            for (Endpoint endpoint : candidates) {
                snapshot.add(Candidate.of(endpoint));
            }
            Map<String, ProfileRunResult> results = new HashMap<>();
            // A handler picks a profile at most once; more rounds than profiles means it never stops.
            for (int round = 0; ; round++) {
                long pickStart = System.nanoTime();
                Map<String, SchedulerProfile> picked = profileHandler.pick(request, profiles, results);
                SchedulerProfile.observe(observer, "ProfilePicker", profileHandler, pickStart);
                if (picked.isEmpty()) {
                    break;
                }
                if (round >= profiles.size()) {
                    throw new SchedulingException("profile handler '" + profileHandler.typedName()
                            + "' kept picking profiles after every profile had run");
                }
                picked.forEach((name, profile) -> results.put(name, profile.run(request, snapshot, observer)));
            }
            if (results.isEmpty()) {
                throw new SchedulingException("failed to run any SchedulingProfile for the request - " + request.requestId());
            }
            long processStart = System.nanoTime();
            SchedulingResult result = profileHandler.processResults(request, results);
            SchedulerProfile.observe(observer, "ProcessProfilesResults", profileHandler, processStart);
            return result;
        } finally {
            observer.schedulerDuration(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public void preRequest(SchedulingRequest request, SchedulingResult result, int targetPort) {
        for (PreRequest plugin : preRequestPlugins) {
            long start = System.nanoTime();
            plugin.preRequest(request, result, targetPort);
            SchedulerProfile.observe(observer, "PreRequest", plugin, start);
        }
    }

    @Override
    public void responseComplete(SchedulingRequest request, SchedulingResult result) {
        for (ResponseComplete plugin : responseCompletePlugins) {
            long start = System.nanoTime();
            plugin.responseComplete(request, result);
            SchedulerProfile.observe(observer, "ResponseComplete", plugin, start);
        }
    }

    /** Stops the plugins' housekeeping tasks. */
    @Override
    public void close() {
        for (Plugin plugin : allPlugins) {
            if (plugin instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing plugin " + plugin.typedName() + " failed", e);
                }
            }
        }
    }
}
