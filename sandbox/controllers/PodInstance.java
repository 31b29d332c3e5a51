package sandbox.controllers;

import java.util.List;

/** A started pod: stop it, and which processes run it (none for an in-process simulator). */
public interface PodInstance {
    /** Whether it is ready right after {@link PodRuntime#start}: later changes go to the listener. */
    boolean readyAtStart();

    /** The child processes that run it, so that callers can check they are gone after {@link #stop()}. */
    List<ProcessHandle> processes();

    /** Stops it and waits (bounded) until it has stopped. */
    void stop();
}
