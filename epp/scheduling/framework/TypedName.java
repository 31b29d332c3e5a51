package epp.scheduling.framework;

/** A plugin instance's type (its registry key) and name (unique within one configuration). */
public record TypedName(String type, String name) {
    /** `name/type`, as the reference renders it in errors and state keys. */
    @Override
    public String toString() {
        return name + "/" + type;
    }
}
