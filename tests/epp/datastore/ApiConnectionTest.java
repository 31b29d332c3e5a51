package epp.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.logging.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12: losing and regaining the API is one log line each, however often it is checked. */
class ApiConnectionTest {
    @Test
    void onlyTheTransitionsAreLogged() {
        var out = new ByteArrayOutputStream();
        PrintStream previous = Log.out();
        Log.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            var api = new ApiConnection("https://127.0.0.1:6443/");
            api.observe(true, "");
            api.observe(false, "pods,inferencepools");
            api.observe(false, "pods,inferencepools");
            api.observe(false, "pods");
            api.observe(true, "");
            api.observe(true, "");
        } finally {
            Log.redirect(previous);
        }
        List<String> lines = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n"));
        assertEquals(2, lines.size(), lines.toString());
        assertEquals(true, lines.get(0).contains("Lost the Kubernetes API") && lines.get(0).contains("informers=pods,inferencepools"), lines.get(0));
        assertEquals(true, lines.get(1).contains("Kubernetes API regained") && lines.get(1).contains("apiServer=https://127.0.0.1:6443/"), lines.get(1));
    }
}
