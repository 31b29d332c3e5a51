package epp.scheduling.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The decoded envelope of an EndpointPickerConfig (epp.md §5.1), before any defaulting.
 */
record EndpointPickerConfig(List<PluginSpec> plugins, List<ProfileSpec> schedulingProfiles) {
    static final String API_VERSION = "inference.networking.x-k8s.io/v1alpha1";
    static final String KIND = "EndpointPickerConfig";

    EndpointPickerConfig {
        plugins = List.copyOf(plugins);
        schedulingProfiles = List.copyOf(schedulingProfiles);
    }

    /** @param name "" when absent (defaulted to the type later); @param parameters null when absent */
    record PluginSpec(String type, String name, JsonNode parameters) {}

    record ProfileSpec(String name, List<PluginRef> plugins) {
        ProfileSpec {
            plugins = List.copyOf(plugins);
        }
    }

    /** @param weight null when absent */
    record PluginRef(String pluginRef, Integer weight) {}
}
