package epp.scheduling.config;

import common.DefaultPluginsConfig;
import epp.datastore.Datastore;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.config.EndpointPickerConfig.PluginRef;
import epp.scheduling.config.EndpointPickerConfig.PluginSpec;
import epp.scheduling.config.EndpointPickerConfig.ProfileSpec;
import epp.scheduling.framework.Filter;
import epp.scheduling.framework.InvalidParametersException;
import epp.scheduling.framework.Picker;
import epp.scheduling.framework.Plugin;
import epp.scheduling.framework.PluginFactory;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.ProfileHandler;
import epp.scheduling.framework.ProfileScheduler;
import epp.scheduling.framework.SchedulerProfile;
import epp.scheduling.framework.Scorer;
import epp.scheduling.framework.WeightedScorer;
import epp.scheduling.plugins.MaxScorePicker;
import epp.scheduling.plugins.SingleProfileHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Scheduler} from an EndpointPickerConfig (epp.md §5.2): decode strictly, default plugin
 * names, instantiate plugins in order, add the defaults (profile, single-profile-handler,
 * max-score-picker, scorer weight 1), validate the profiles, assemble them. Nothing is left running
 * when loading fails.
 */
public final class SchedulerLoader {
    static final int DEFAULT_SCORER_WEIGHT = 1;
    static final String DEFAULT_PROFILE = "default";

    private final PluginHandle handle;
    private final PluginRegistry registry;
    /** Instantiated plugins by name, in configuration order (auto-added ones last). */
    private final Map<String, Plugin> plugins = new LinkedHashMap<>();

    private SchedulerLoader(PluginHandle handle, PluginRegistry registry) {
        this.handle = handle;
        this.registry = registry;
    }

    public static Scheduler fromText(String yamlOrJson, Datastore datastore, SchedulingObserver observer)
            throws ConfigException {
        return fromText(yamlOrJson, PluginHandle.production(datastore, observer), PluginRegistry.inTree());
    }

    /** The chart's default-plugins.yaml: queue, kv-cache and prefix-cache scorers (weight 1), max-score picker. */
    public static Scheduler defaultScheduler(Datastore datastore, SchedulingObserver observer) {
        return defaultScheduler(PluginHandle.production(datastore, observer));
    }

    public static ProfileScheduler defaultScheduler(PluginHandle handle) {
        try {
            return fromText(DefaultPluginsConfig.text(), handle, PluginRegistry.inTree());
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in default configuration does not load", e);
        }
    }

    public static ProfileScheduler fromText(String yamlOrJson, PluginHandle handle, PluginRegistry registry)
            throws ConfigException {
        EndpointPickerConfig config = ConfigDecoder.decode(yamlOrJson);
        SchedulerLoader loader = new SchedulerLoader(handle, registry);
        try {
            return loader.load(config);
        } catch (ConfigException | RuntimeException e) {
            loader.closePlugins();
            throw e;
        }
    }

    private ProfileScheduler load(EndpointPickerConfig config) throws ConfigException {
        instantiate(config.plugins());
        List<ProfileSpec> profiles = applyDefaults(config.schedulingProfiles());
        validate(profiles);
        Map<String, SchedulerProfile> built = new LinkedHashMap<>();
        for (ProfileSpec profile : profiles) {
            built.put(profile.name(), build(profile));
        }
        return new ProfileScheduler(profileHandler(built.size()), built, List.copyOf(plugins.values()), handle.observer());
    }

    // Step 2 and 3: names default to the type; instantiate in order.
    private void instantiate(List<PluginSpec> specs) throws ConfigException {
        for (PluginSpec spec : specs) {
            String name = spec.name().isEmpty() ? spec.type() : spec.name();
            if (spec.type().isEmpty()) {
                throw instantiation("plugin definition for '" + name + "' is missing a type");
            }
            if (plugins.containsKey(name)) {
                throw instantiation("plugin name '" + name + "' used more than once");
            }
            PluginFactory factory = registry.factory(spec.type()).orElseThrow(() ->
                    instantiation("plugin type '" + spec.type() + "' is not found in registry"));
            try {
                plugins.put(name, factory.create(name, spec.parameters(), handle));
            } catch (InvalidParametersException e) {
                throw instantiation("failed to instantiate the plugin type '" + spec.type() + "' - " + e.getMessage());
            }
        }
    }

    // Step 4: defaults that depend on the instantiated plugins.
    private List<ProfileSpec> applyDefaults(List<ProfileSpec> configured) throws ConfigException {
        List<ProfileSpec> profiles = configured.isEmpty() ? List.of(defaultProfile()) : configured;
        if (profiles.size() == 1 && plugins.values().stream().noneMatch(p -> p instanceof ProfileHandler)) {
            addDefaultPlugin(SingleProfileHandler.TYPE);
        }
        String picker = plugins.entrySet().stream()
                .filter(e -> e.getValue() instanceof Picker)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        if (picker == null) {
            addDefaultPlugin(MaxScorePicker.TYPE);
            picker = MaxScorePicker.TYPE;
        }
        List<ProfileSpec> defaulted = new ArrayList<>();
        for (ProfileSpec profile : profiles) {
            defaulted.add(withDefaultWeightsAndPicker(profile, picker));
        }
        return defaulted;
    }

    /** Without profiles: one profile "default" with every filter, then every scorer, then every picker. */
    private ProfileSpec defaultProfile() {
        List<PluginRef> refs = new ArrayList<>();
        for (Class<?> kind : List.of(Filter.class, Scorer.class, Picker.class)) {
            plugins.forEach((name, plugin) -> {
                boolean listed = refs.stream().anyMatch(r -> r.pluginRef().equals(name));
                if (kind.isInstance(plugin) && !listed) {
                    refs.add(new PluginRef(name, null));
                }
            });
        }
        return new ProfileSpec(DEFAULT_PROFILE, refs);
    }

    private ProfileSpec withDefaultWeightsAndPicker(ProfileSpec profile, String defaultPicker) throws ConfigException {
        List<PluginRef> refs = new ArrayList<>();
        String pickerRef = null;
        for (PluginRef ref : profile.plugins()) {
            Plugin plugin = plugins.get(ref.pluginRef());
            if (plugin instanceof Scorer && ref.weight() == null) {
                if (pickerRef != null) {
                    // The reference leaves this weight unset and then crashes on it.
                    throw new ConfigException("failed to load scheduler config - SchedulingProfile '" + profile.name()
                            + "' lists scorer '" + ref.pluginRef() + "' after picker '" + pickerRef
                            + "' without a weight; list scorers before the picker or give this one a weight");
                }
                ref = new PluginRef(ref.pluginRef(), DEFAULT_SCORER_WEIGHT);
            }
            if (plugin instanceof Picker && pickerRef == null) {
                pickerRef = ref.pluginRef();
            }
            refs.add(ref);
        }
        if (pickerRef == null) {
            refs.add(new PluginRef(defaultPicker, null));
        }
        return new ProfileSpec(profile.name(), refs);
    }

    private void addDefaultPlugin(String type) throws ConfigException {
        if (plugins.containsKey(type)) {
            throw instantiation("plugin name '" + type + "' is taken by a plugin of type '"
                    + plugins.get(type).typedName().type() + "', but the default " + type
                    + " needs it; rename that plugin");
        }
        PluginFactory factory = registry.factory(type).orElseThrow(() ->
                instantiation("plugin type '" + type + "' is not found in registry"));
        try {
            plugins.put(type, factory.create(type, null, handle));
        } catch (InvalidParametersException e) {
            throw instantiation("failed to instantiate the plugin type '" + type + "' - " + e.getMessage());
        }
    }

    // Step 5.
    private void validate(List<ProfileSpec> profiles) throws ConfigException {
        Set<String> names = new HashSet<>();
        for (ProfileSpec profile : profiles) {
            if (profile.name().isEmpty()) {
                throw invalidProfiles("SchedulingProfile must have a name");
            }
            if (!names.add(profile.name())) {
                throw invalidProfiles("the name '" + profile.name() + "' has been specified for more than one SchedulingProfile");
            }
            for (PluginRef ref : profile.plugins()) {
                if (ref.pluginRef().isEmpty()) {
                    throw invalidProfiles("SchedulingProfile '" + profile.name() + "' plugins must have a plugin reference");
                }
                if (!plugins.containsKey(ref.pluginRef())) {
                    throw invalidProfiles(ref.pluginRef() + " is a reference to an undefined Plugin");
                }
            }
        }
    }

    // Step 6: filters in order, weighted scorers, exactly one picker; other kinds are ignored here.
    private SchedulerProfile build(ProfileSpec profile) throws ConfigException {
        List<Filter> filters = new ArrayList<>();
        List<WeightedScorer> scorers = new ArrayList<>();
        Picker picker = null;
        for (PluginRef ref : profile.plugins()) {
            Plugin plugin = plugins.get(ref.pluginRef());
            if (plugin instanceof Filter filter) {
                filters.add(filter);
            }
            if (plugin instanceof Scorer scorer) {
                scorers.add(new WeightedScorer(scorer, ref.weight()));
            }
            if (plugin instanceof Picker thePicker) {
                if (picker != null) {
                    throw new ConfigException("failed to load scheduler config - failed to set '" + thePicker.typedName()
                            + "' as picker, already have a registered picker plugin '" + picker.typedName() + "'");
                }
                picker = thePicker;
            }
        }
        return new SchedulerProfile(filters, scorers, picker);
    }

    private ProfileHandler profileHandler(int profileCount) throws ConfigException {
        ProfileHandler handler = null;
        for (Map.Entry<String, Plugin> entry : plugins.entrySet()) {
            if (entry.getValue() instanceof ProfileHandler candidate) {
                if (handler != null) {
                    throw new ConfigException("only one profile handler is allowed. Both "
                            + handler.typedName().name() + " and " + entry.getKey() + " are profile handlers");
                }
                handler = candidate;
            }
        }
        if (handler == null) {
            throw new ConfigException("no profile handler was specified");
        }
        if (handler instanceof SingleProfileHandler && profileCount > 1) {
            throw new ConfigException("single profile handler is intended to be used with a single profile, "
                    + "but multiple profiles were specified");
        }
        return handler;
    }

    private void closePlugins() {
        for (Plugin plugin : plugins.values()) {
            if (plugin instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // Loading already failed with a clearer error; a plugin that cannot stop its timers adds nothing.
                }
            }
        }
    }

    private static ConfigException instantiation(String detail) {
        return new ConfigException("failed to instantiate plugins - " + detail);
    }

    private static ConfigException invalidProfiles(String detail) {
        return new ConfigException("failed to validate scheduling profiles - " + detail);
    }
}
