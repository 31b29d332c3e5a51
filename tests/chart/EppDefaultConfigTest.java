package chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.scheduling.config.DefaultConfig;
import org.junit.jupiter.api.Test;

/**
 * The chart's default-plugins.yaml (the reference chart's text, pinned by the golden manifests) and
 * the EPP's built-in default are two copies because pool and the EPP build separately; this keeps
 * them from drifting.
 */
class EppDefaultConfigTest {
    @Test
    void chartDefaultPluginsAreTheEppBuiltInDefault() {
        assertEquals(DefaultConfig.CHART_DEFAULT_PLUGINS, EppConfigTemplate.DEFAULT_PLUGINS);
    }
}
