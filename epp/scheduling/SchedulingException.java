package epp.scheduling;

/** Scheduling failed (no profile produced a result); the director answers 429 with this message. */
public class SchedulingException extends Exception {
    public SchedulingException(String message) {
        super(message);
    }
}
