package epp.scheduling.config;

/**
 * An EndpointPickerConfig cannot be used. The message is the reference's wording (epp.md §5.2), e.g.
 * {@code failed to instantiate plugins - plugin type 'x' is not found in registry}, plus the fix where
 * the reference would have crashed instead.
 */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
