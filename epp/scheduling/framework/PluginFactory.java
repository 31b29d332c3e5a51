package epp.scheduling.framework;

import com.fasterxml.jackson.databind.JsonNode;

/** Creates one plugin instance from its configuration entry; registered under the plugin's type. */
@FunctionalInterface
public interface PluginFactory {
    /**
     * @param parameters the entry's raw `parameters`, or null when absent
     */
    Plugin create(String name, JsonNode parameters, PluginHandle handle) throws InvalidParametersException;
}
