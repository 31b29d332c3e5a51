package epp.scheduling.framework;

/**
 * Every scheduling plugin: a Filter, Scorer, Picker, ProfileHandler, PreRequest or
 * ResponseComplete, or several of them (the prefix-cache scorer is a Scorer and a PreRequest).
 */
public interface Plugin {
    TypedName typedName();
}
