package epp.scheduling.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import common.DefaultPluginsConfig;
import epp.scheduling.TestEndpoints;
import epp.scheduling.TestEndpoints.FakeDatastore;
import epp.scheduling.TestEndpoints.ManualTasks;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.ProfileScheduler;
import epp.scheduling.framework.SchedulerProfile;
import epp.scheduling.framework.TypedName;
import epp.scheduling.framework.WeightedScorer;
import epp.scheduling.plugins.HeaderBasedTestingFilter;
import epp.scheduling.plugins.MaxScorePicker;
import epp.scheduling.plugins.QueueScorer;
import epp.scheduling.plugins.RandomPicker;
import epp.scheduling.plugins.SingleProfileHandler;
import epp.scheduling.plugins.prefix.PrefixCacheScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerLoaderTest {
    private static final String HEADER = """
            apiVersion: inference.networking.x-k8s.io/v1alpha1
            kind: EndpointPickerConfig
            """;

    private final ManualTasks tasks = new ManualTasks();
    private final PluginHandle handle = new PluginHandle(new FakeDatastore(), epp.scheduling.SchedulingObserver.NONE,
            TestEndpoints.seeded(7), new TestEndpoints.ManualClock(), tasks);

    private ProfileScheduler load(String text) throws ConfigException {
        return SchedulerLoader.fromText(text, handle, PluginRegistry.inTree());
    }

    private String loadError(String text) {
        return assertThrows(ConfigException.class, () -> load(text)).getMessage();
    }

    private static String fixture(String name) throws Exception {
        return Files.readString(Path.of("tests/epp/scheduling/config", name));
    }

    /** "name:weight" of each scorer of a profile, in order. */
    private static List<String> scorers(SchedulerProfile profile) {
        return profile.scorers().stream().map(s -> s.scorer().typedName().name() + ":" + s.weight()).toList();
    }

    // --- reference configurations (epp.md §5.5) ---

    @Test
    void chartDefaultGetsWeightOneSingleProfileHandlerAndMaxScorePicker() throws Exception {
        ProfileScheduler scheduler = load(DefaultPluginsConfig.text());

        assertEquals(List.of("default"), List.copyOf(scheduler.profiles().keySet()));
        SchedulerProfile profile = scheduler.profiles().get("default");
        assertEquals(List.of("queue-scorer:1", "kv-cache-utilization-scorer:1", "prefix-cache-scorer:1"), scorers(profile));
        assertEquals(List.of(), profile.filters());
        MaxScorePicker picker = assertInstanceOf(MaxScorePicker.class, profile.picker());
        assertEquals(new TypedName("max-score-picker", "max-score-picker"), picker.typedName());
        assertEquals(1, picker.maxNumOfEndpoints());
        assertEquals(new TypedName("single-profile-handler", "single-profile-handler"), scheduler.profileHandler().typedName());
        assertEquals(5, scheduler.plugins().size());
    }

    @Test
    void defaultSchedulerIsTheChartDefault() throws Exception {
        ProfileScheduler fromChart = load(DefaultPluginsConfig.text());
        ProfileScheduler builtIn = SchedulerLoader.defaultScheduler(handle);

        assertEquals(fromChart.plugins().stream().map(p -> p.typedName()).toList(),
                builtIn.plugins().stream().map(p -> p.typedName()).toList());
        assertEquals(scorers(fromChart.profiles().get("default")), scorers(builtIn.profiles().get("default")));
    }

    @Test
    void conformanceConfigFiltersByHeaderWithoutScorers() throws Exception {
        ProfileScheduler scheduler = load(fixture("conformance-plugins.yaml"));

        SchedulerProfile profile = scheduler.profiles().get("conformance-profile");
        assertEquals(List.of(new TypedName(HeaderBasedTestingFilter.TYPE, HeaderBasedTestingFilter.TYPE)),
                profile.filters().stream().map(f -> f.typedName()).toList());
        assertEquals(List.of(), profile.scorers());
        assertInstanceOf(MaxScorePicker.class, profile.picker());
        assertInstanceOf(SingleProfileHandler.class, scheduler.profileHandler());
    }

    @Test
    void integrationTestConfigUsesItsExplicitPickerAndHandler() throws Exception {
        ProfileScheduler scheduler = load(fixture("integration-plugins.yaml"));

        SchedulerProfile profile = scheduler.profiles().get("default");
        assertEquals(List.of("kv-cache-utilization-scorer:1", "queue-scorer:1", "prefix-cache-scorer:1",
                "lora-affinity-scorer:1"), scorers(profile));
        assertEquals(6, scheduler.plugins().size(), "nothing auto-added");
    }

    @Test
    void jsonConfigLoadsLikeYaml() throws Exception {
        ProfileScheduler scheduler = load("""
                {"apiVersion": "inference.networking.x-k8s.io/v1alpha1",
                \t"kind": "EndpointPickerConfig",
                \t"plugins": [{"type": "queue-scorer", "name": "q"}],
                \t"schedulingProfiles": [{"name": "p", "plugins": [{"pluginRef": "q", "weight": 3}]}]}
                """);
        assertEquals(List.of("q:3"), scorers(scheduler.profiles().get("p")));
    }

    // --- defaults, phase two ---

    @Test
    void withoutProfilesOneDefaultProfileListsFiltersThenScorersThenThePicker() throws Exception {
        ProfileScheduler scheduler = load(HEADER + """
                plugins:
                - type: random-picker
                - type: queue-scorer
                - type: header-based-testing-filter
                - type: kv-cache-utilization-scorer
                """);

        SchedulerProfile profile = scheduler.profiles().get("default");
        assertEquals(List.of("queue-scorer:1", "kv-cache-utilization-scorer:1"), scorers(profile));
        assertEquals(1, profile.filters().size());
        assertInstanceOf(RandomPicker.class, profile.picker());
        assertInstanceOf(SingleProfileHandler.class, scheduler.profileHandler());
    }

    @Test
    void emptyConfigIsOneDefaultProfileWithMaxScorePicker() throws Exception {
        ProfileScheduler scheduler = load(HEADER);

        SchedulerProfile profile = scheduler.profiles().get("default");
        assertEquals(List.of(), profile.scorers());
        assertInstanceOf(MaxScorePicker.class, profile.picker());
    }

    @Test
    void explicitWeightsAreKeptIncludingZeroAndNegative() throws Exception {
        ProfileScheduler scheduler = load(HEADER + """
                plugins:
                - {type: queue-scorer, name: a}
                - {type: queue-scorer, name: b}
                - {type: queue-scorer, name: c}
                - {type: queue-scorer, name: d}
                schedulingProfiles:
                - name: p
                  plugins:
                  - {pluginRef: a, weight: 0}
                  - {pluginRef: b, weight: -2}
                  - {pluginRef: c, weight: 5.0}
                  - {pluginRef: d}
                """);
        assertEquals(List.of("a:0", "b:-2", "c:5", "d:1"), scorers(scheduler.profiles().get("p")));
    }

    @Test
    void aProfileWithoutPickerGetsTheFirstConfiguredPicker() throws Exception {
        ProfileScheduler scheduler = load(HEADER + """
                plugins:
                - {type: weighted-random-picker, name: first}
                - {type: random-picker, name: second}
                - type: queue-scorer
                schedulingProfiles:
                - name: p
                  plugins:
                  - pluginRef: queue-scorer
                """);
        assertEquals("first", scheduler.profiles().get("p").picker().typedName().name());
        assertEquals(4, scheduler.plugins().size(), "no max-score-picker added when a picker exists");
    }

    @Test
    void aScorerAfterThePickerNeedsAnExplicitWeight() throws Exception {
        String withoutWeight = HEADER + """
                plugins:
                - type: queue-scorer
                - type: max-score-picker
                schedulingProfiles:
                - name: p
                  plugins:
                  - pluginRef: max-score-picker
                  - pluginRef: queue-scorer
                """;
        assertEquals("failed to load scheduler config - SchedulingProfile 'p' lists scorer 'queue-scorer' after "
                + "picker 'max-score-picker' without a weight; list scorers before the picker or give this one a weight",
                loadError(withoutWeight));

        ProfileScheduler withWeight = load(withoutWeight.replace("- pluginRef: queue-scorer", "- {pluginRef: queue-scorer, weight: 2}"));
        assertEquals(List.of("queue-scorer:2"), scorers(withWeight.profiles().get("p")));
    }

    @Test
    void pickerParametersDefaultAndNonPositiveMeansOne() throws Exception {
        ProfileScheduler scheduler = load(HEADER + """
                plugins:
                - {type: max-score-picker, parameters: {maxNumOfEndpoints: 0, unknownKey: ignored}}
                """);
        assertEquals(1, ((MaxScorePicker) scheduler.profiles().get("default").picker()).maxNumOfEndpoints());

        ProfileScheduler three = load(HEADER + """
                plugins:
                - {type: max-score-picker, parameters: {MaxNumOfEndpoints: 3}}
                """);
        assertEquals(3, ((MaxScorePicker) three.profiles().get("default").picker()).maxNumOfEndpoints(),
                "parameter names match case-insensitively, as in Go");
    }

    @Test
    void prefixCacheParametersHaveTheReferenceDefaults() throws Exception {
        ProfileScheduler scheduler = load(HEADER + """
                plugins:
                - type: prefix-cache-scorer
                - {type: prefix-cache-scorer, name: tuned, parameters: {blockSize: 32, maxPrefixBlocksToMatch: 8, lruCapacityPerServer: -1}}
                """);
        var scorers = scheduler.profiles().get("default").scorers().stream().map(WeightedScorer::scorer).toList();
        assertEquals(new PrefixCacheScorer.Config(64, 256, 31250), ((PrefixCacheScorer) scorers.get(0)).config());
        assertEquals(new PrefixCacheScorer.Config(32, 8, 31250), ((PrefixCacheScorer) scorers.get(1)).config());
    }

    @Test
    void outOfTreePluginsRegisterByType() throws Exception {
        PluginRegistry registry = PluginRegistry.inTree().with("custom-scorer", (name, parameters, h) -> new QueueScorer(name));
        ProfileScheduler scheduler = SchedulerLoader.fromText(fixtureCustom(), handle, registry);
        assertEquals(List.of("custom-scorer:1"), scorers(scheduler.profiles().get("default")));
    }

    private static String fixtureCustom() {
        return HEADER + """
                plugins:
                - type: custom-scorer
                  parameters:
                    custom-threshold: 64
                schedulingProfiles:
                - name: default
                  plugins:
                  - pluginRef: custom-scorer
                """;
    }

    @Test
    void otherPluginKindsReferencedInAProfileAreIgnored() throws Exception {
        ProfileScheduler scheduler = load(HEADER + """
                plugins:
                - type: single-profile-handler
                - type: queue-scorer
                schedulingProfiles:
                - name: p
                  plugins:
                  - pluginRef: single-profile-handler
                  - pluginRef: queue-scorer
                """);
        SchedulerProfile profile = scheduler.profiles().get("p");
        assertEquals(List.of("queue-scorer:1"), scorers(profile));
        assertEquals(List.of(), profile.filters());
        assertInstanceOf(MaxScorePicker.class, profile.picker());
    }

    @Test
    void nullEntriesAndNullParametersCountAsEmpty() throws Exception {
        assertEquals("failed to instantiate plugins - plugin definition for '' is missing a type",
                loadError(HEADER + "plugins:\n- null\n"));
        ProfileScheduler scheduler = load(HEADER + "plugins:\n- {type: prefix-cache-scorer, name: null, parameters: null}\n");
        assertEquals(new TypedName("prefix-cache-scorer", "prefix-cache-scorer"),
                scheduler.profiles().get("default").scorers().get(0).scorer().typedName());
    }

    // --- errors of §5.2, in loading order ---

    @Test
    void pluginWithoutTypeIsRejected() {
        assertEquals("failed to instantiate plugins - plugin definition for 'x' is missing a type",
                loadError(HEADER + "plugins:\n- name: x\n"));
    }

    @Test
    void duplicatePluginNameIsRejected() {
        assertEquals("failed to instantiate plugins - plugin name 'queue-scorer' used more than once",
                loadError(HEADER + "plugins:\n- type: queue-scorer\n- type: random-picker\n  name: queue-scorer\n"));
    }

    @Test
    void unknownPluginTypeIsRejected() {
        assertEquals("failed to instantiate plugins - plugin type 'custom-scorer' is not found in registry",
                loadError(fixtureCustom()));
    }

    @Test
    void factoryErrorsNameTheTypeAndTheParameter() {
        assertEquals("failed to instantiate plugins - failed to instantiate the plugin type 'prefix-cache-scorer' - "
                        + "parameter blockSize must be a whole number, got the string \"abc\"",
                loadError(HEADER + "plugins:\n- type: prefix-cache-scorer\n  parameters: {blockSize: abc}\n"));
        assertEquals("failed to instantiate plugins - failed to instantiate the plugin type 'max-score-picker' - "
                        + "parameter maxNumOfEndpoints must be a whole number, got 1.5",
                loadError(HEADER + "plugins:\n- type: max-score-picker\n  parameters: {maxNumOfEndpoints: 1.5}\n"));
        assertEquals("failed to instantiate plugins - failed to instantiate the plugin type 'random-picker' - "
                        + "parameters must be a map of names to values, got a list",
                loadError(HEADER + "plugins:\n- type: random-picker\n  parameters: [1]\n"));
    }

    @Test
    void blockSizesTheReferenceWouldLoopOrPanicOnAreRejected() {
        assertEquals("failed to instantiate plugins - failed to instantiate the plugin type 'prefix-cache-scorer' - "
                        + "parameter blockSize must be at least 1 (bytes per hashed block; default 64), got 0",
                loadError(HEADER + "plugins:\n- type: prefix-cache-scorer\n  parameters: {blockSize: 0}\n"));
        assertEquals("failed to instantiate plugins - failed to instantiate the plugin type 'prefix-cache-scorer' - "
                        + "parameter maxPrefixBlocksToMatch must be at least 1 (default 256), got -3",
                loadError(HEADER + "plugins:\n- type: prefix-cache-scorer\n  parameters: {maxPrefixBlocksToMatch: -3}\n"));
    }

    @Test
    void profileWithoutNameIsRejected() {
        assertEquals("failed to validate scheduling profiles - SchedulingProfile must have a name",
                loadError(HEADER + "plugins:\n- type: queue-scorer\nschedulingProfiles:\n- plugins:\n  - pluginRef: queue-scorer\n"));
    }

    @Test
    void duplicateProfileNameIsRejected() {
        assertEquals("failed to validate scheduling profiles - the name 'p' has been specified for more than one SchedulingProfile",
                loadError(HEADER + "plugins:\n- type: single-profile-handler\nschedulingProfiles:\n- name: p\n- name: p\n"));
    }

    @Test
    void emptyPluginReferenceIsRejected() {
        assertEquals("failed to validate scheduling profiles - SchedulingProfile 'p' plugins must have a plugin reference",
                loadError(HEADER + "schedulingProfiles:\n- name: p\n  plugins:\n  - weight: 1\n"));
    }

    @Test
    void undefinedPluginReferenceIsRejected() {
        assertEquals("failed to validate scheduling profiles - nope is a reference to an undefined Plugin",
                loadError(HEADER + "schedulingProfiles:\n- name: p\n  plugins:\n  - pluginRef: nope\n"));
    }

    @Test
    void twoPickersInOneProfileAreRejected() {
        assertEquals("failed to load scheduler config - failed to set 'second/random-picker' as picker, "
                        + "already have a registered picker plugin 'first/max-score-picker'",
                loadError(HEADER + """
                        plugins:
                        - {type: max-score-picker, name: first}
                        - {type: random-picker, name: second}
                        schedulingProfiles:
                        - name: p
                          plugins:
                          - pluginRef: first
                          - pluginRef: second
                        """));
    }

    @Test
    void twoProfileHandlersAreRejected() {
        assertEquals("only one profile handler is allowed. Both a and b are profile handlers",
                loadError(HEADER + "plugins:\n- {type: single-profile-handler, name: a}\n- {type: single-profile-handler, name: b}\n"));
    }

    @Test
    void severalProfilesNeedAnExplicitHandler() {
        String twoProfiles = "schedulingProfiles:\n- name: p1\n- name: p2\n";
        assertEquals("no profile handler was specified", loadError(HEADER + twoProfiles));
        assertEquals("single profile handler is intended to be used with a single profile, but multiple profiles were specified",
                loadError(HEADER + "plugins:\n- type: single-profile-handler\n" + twoProfiles));
    }

    @Test
    void defaultPluginNamesThatAreTakenAreReported() {
        assertEquals("failed to instantiate plugins - plugin name 'max-score-picker' is taken by a plugin of type "
                        + "'queue-scorer', but the default max-score-picker needs it; rename that plugin",
                loadError(HEADER + "plugins:\n- {type: queue-scorer, name: max-score-picker}\n"));
    }

    @Test
    void failedLoadStopsTheTimersOfPluginsAlreadyCreated() {
        loadError(HEADER + "plugins:\n- type: prefix-cache-scorer\n- type: no-such-type\n");
        assertEquals(3, tasks.tasks.size(), "the prefix-cache scorer had started its housekeeping");
        assertEquals(0, tasks.active());
    }

    // --- strict envelope decoding ---

    @Test
    void wrongOrMissingTypeMetaIsRejected() {
        assertEquals("the configuration is invalid - apiVersion the string \"v1\" is not supported; "
                        + "use \"apiVersion: inference.networking.x-k8s.io/v1alpha1\"",
                loadError("apiVersion: v1\nkind: EndpointPickerConfig\n"));
        assertEquals("the configuration is invalid - kind is missing; use \"kind: EndpointPickerConfig\"",
                loadError("apiVersion: inference.networking.x-k8s.io/v1alpha1\n"));
        assertEquals("the configuration is invalid - the configuration is empty; it needs at least "
                        + "\"apiVersion: inference.networking.x-k8s.io/v1alpha1\" and \"kind: EndpointPickerConfig\"",
                loadError(""));
    }

    @Test
    void unknownFieldsAnywhereInTheEnvelopeAreRejected() {
        assertEquals("the configuration is invalid - strict decoding error: unknown field \"featureGates\"; "
                        + "allowed here: apiVersion, kind, plugins, schedulingProfiles",
                loadError(HEADER + "featureGates: []\n"));
        assertEquals("the configuration is invalid - strict decoding error: unknown field \"plugins[1].weight\"; "
                        + "allowed here: name, parameters, type",
                loadError(HEADER + "plugins:\n- type: queue-scorer\n- type: kv-cache-utilization-scorer\n  weight: 2\n"));
        assertEquals("the configuration is invalid - strict decoding error: unknown field "
                        + "\"schedulingProfiles[0].plugins[0].pluginref\"; allowed here: pluginRef, weight",
                loadError(HEADER + "schedulingProfiles:\n- name: p\n  plugins:\n  - pluginref: x\n"));
    }

    @Test
    void duplicateFieldsAreRejectedInYamlAndJson() {
        String yaml = loadError(HEADER + "plugins:\n- type: queue-scorer\n  type: random-picker\n");
        assertTrue(yaml.startsWith("the configuration is invalid - field \"type\" appears more than once in the same map; keep one (line 5"), yaml);
        String json = loadError("{\"apiVersion\": \"inference.networking.x-k8s.io/v1alpha1\", \"kind\": \"EndpointPickerConfig\", \"kind\": \"EndpointPickerConfig\"}");
        assertTrue(json.startsWith("the configuration is invalid - field \"kind\" appears more than once in the same map; keep one (line 1"), json);
    }

    @Test
    void envelopeValuesOfTheWrongTypeAreRejected() {
        assertEquals("the configuration is invalid - plugins must be a list, got the string \"queue-scorer\"",
                loadError(HEADER + "plugins: queue-scorer\n"));
        assertEquals("the configuration is invalid - plugins[0] must be a map, got the string \"queue-scorer\"",
                loadError(HEADER + "plugins:\n- queue-scorer\n"));
        assertEquals("the configuration is invalid - plugins[0].name must be a string, got a list",
                loadError(HEADER + "plugins:\n- {type: queue-scorer, name: [a]}\n"));
        assertEquals("the configuration is invalid - schedulingProfiles[0].plugins[0].weight must be a whole number, got the string \"2\"",
                loadError(HEADER + "schedulingProfiles:\n- name: p\n  plugins:\n  - {pluginRef: x, weight: \"2\"}\n"));
        assertEquals("the configuration is invalid - schedulingProfiles[0].plugins[0].weight must be a whole number, got 1.5",
                loadError(HEADER + "schedulingProfiles:\n- name: p\n  plugins:\n  - {pluginRef: x, weight: 1.5}\n"));
        assertEquals("the configuration is invalid - expected a map with apiVersion, kind, plugins and schedulingProfiles, got a list",
                loadError("- a\n- b\n"));
    }

    @Test
    void syntaxErrorsSayWhatAndWhere() {
        assertEquals("the configuration is invalid - while parsing a flow sequence: expected ',' or ']', "
                + "but got <stream end> (line 5, column 1)", loadError(HEADER + "plugins:\n- type: [queue-scorer\n"));
        assertEquals("the configuration is invalid - unexpected content after the configuration (a second YAML "
                + "document?); keep only the EndpointPickerConfig (line 4, column 1)", loadError(HEADER + "---\nkind: x\n"));
        assertEquals("the configuration is invalid - Unexpected end-of-input: expected close marker for Object "
                + "(line 1, column 17)", loadError("{\"apiVersion\": 1"));
    }

    @Test
    void productionEntryPointsBuildSchedulers() throws Exception {
        var datastore = new FakeDatastore();
        try (var scheduler = (ProfileScheduler) SchedulerLoader.fromText(DefaultPluginsConfig.text(), datastore,
                epp.scheduling.SchedulingObserver.NONE)) {
            assertEquals(3, scheduler.profiles().get("default").scorers().size());
        }
        try (var scheduler = (ProfileScheduler) SchedulerLoader.defaultScheduler(datastore, epp.scheduling.SchedulingObserver.NONE)) {
            assertTrue(scheduler.profiles().get("default").scorers().stream().map(WeightedScorer::scorer)
                    .anyMatch(s -> s instanceof PrefixCacheScorer));
        }
    }

}
