package epp.scheduling.config;

import epp.scheduling.framework.PluginFactory;
import epp.scheduling.plugins.HeaderBasedTestingFilter;
import epp.scheduling.plugins.KvCacheUtilizationScorer;
import epp.scheduling.plugins.LoraAffinityScorer;
import epp.scheduling.plugins.MaxScorePicker;
import epp.scheduling.plugins.QueueScorer;
import epp.scheduling.plugins.RandomPicker;
import epp.scheduling.plugins.SingleProfileHandler;
import epp.scheduling.plugins.WeightedRandomPicker;
import epp.scheduling.plugins.precise.PrecisePrefixCacheScorer;
import epp.scheduling.plugins.prefix.PrefixCacheScorer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Plugin factories by type string (epp.md §5.3). Adding a plugin = one class + one line here. */
public final class PluginRegistry {
    private final Map<String, PluginFactory> factories;

    private PluginRegistry(Map<String, PluginFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** Every plugin type of the reference at the commit epp.md describes, and pool's precise-prefix-cache-scorer. */
    public static PluginRegistry inTree() {
        return new PluginRegistry(Map.of(
                QueueScorer.TYPE, QueueScorer::create,
                KvCacheUtilizationScorer.TYPE, KvCacheUtilizationScorer::create,
                LoraAffinityScorer.TYPE, LoraAffinityScorer::create,
                PrefixCacheScorer.TYPE, PrefixCacheScorer::create,
                MaxScorePicker.TYPE, MaxScorePicker::create,
                RandomPicker.TYPE, RandomPicker::create,
                WeightedRandomPicker.TYPE, WeightedRandomPicker::create,
                SingleProfileHandler.TYPE, SingleProfileHandler::create,
                HeaderBasedTestingFilter.TYPE, HeaderBasedTestingFilter::create,
                PrecisePrefixCacheScorer.TYPE, PrecisePrefixCacheScorer::create));
    }

    /** A registry with one more (or a replaced) type, for out-of-tree plugins and tests. */
    public PluginRegistry with(String type, PluginFactory factory) {
        Map<String, PluginFactory> more = new HashMap<>(factories);
        more.put(type, factory);
        return new PluginRegistry(more);
    }

    public Optional<PluginFactory> factory(String type) {
        return Optional.ofNullable(factories.get(type));
    }
}
