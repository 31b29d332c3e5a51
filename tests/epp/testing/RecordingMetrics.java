package epp.testing;

import epp.handlers.RequestMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every metric call as a readable line, e.g. `routed m t 42`. */
public final class RecordingMetrics implements RequestMetrics {
    public final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void requestRouted(String model, String targetModel, long bytes) {
        calls.add("routed " + model + " " + targetModel + " " + bytes);
    }

    @Override
    public void runningRequests(String model, int delta) {
        calls.add("running " + model + " " + delta);
    }

    @Override
    public void requestError(String model, String targetModel, String errorCode) {
        calls.add("error " + model + " " + targetModel + " " + errorCode);
    }

    @Override
    public void responseCompleted(String model, String targetModel, double seconds, long responseBytes) {
        calls.add("completed " + model + " " + targetModel + " " + responseBytes);
    }

    @Override
    public void tokens(String model, String targetModel, int inputTokens, int outputTokens) {
        calls.add("tokens " + model + " " + targetModel + " " + inputTokens + " " + outputTokens);
    }
}
