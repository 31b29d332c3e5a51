package epp.kvevents;

/** A payload that is not a msgpack KVEventBatch; the message says what was found where. */
public class MalformedBatchException extends Exception {
    public MalformedBatchException(String message) {
        super(message);
    }

    public MalformedBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
