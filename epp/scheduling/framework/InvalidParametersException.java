package epp.scheduling.framework;

/** A plugin's `parameters` cannot be used; the message names the parameter, the value and what is allowed. */
public class InvalidParametersException extends Exception {
    public InvalidParametersException(String message) {
        super(message);
    }
}
