package commands;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import release.InferencePoolReleaseChart;
import release.Release;
import release.ReleaseCodec;
import release.ReleaseStatus;

/**
 * A loopback API server for the class-data training run (not for use elsewhere): every GET is
 * answered with a list holding one release record Secret, so `pool list` trains the whole path a
 * real cluster command takes (HTTP client, JSON to Secret, base64/gzip/JSON release decoding, the
 * table) rather than only the failure to connect.
 */
final class CdsTrainingCluster implements AutoCloseable {
    private final HttpServer server;

    private CdsTrainingCluster(HttpServer server) {
        this.server = server;
    }

    static CdsTrainingCluster start() throws IOException {
        byte[] body = secretList().getBytes(StandardCharsets.UTF_8);
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new CdsTrainingCluster(server);
    }

    String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: training
                  cluster: {server: "http://127.0.0.1:%d"}
                contexts:
                - name: training
                  context: {cluster: training, user: nobody, namespace: default}
                current-context: training
                users:
                - name: nobody
                  user: {token: none}
                """.formatted(server.getAddress().getPort());
    }

    private static String secretList() {
        var now = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        var release = new Release("cds-training", "default", 1,
                new Release.Info(now, now, null, "Install complete", ReleaseStatus.DEPLOYED, ""),
                new InferencePoolReleaseChart(false).record(), Map.of(), "", List.of(), Release.APPLY_SSA, Map.of());
        String data = Base64.getEncoder().encodeToString(ReleaseCodec.encode(release).getBytes(StandardCharsets.US_ASCII));
        return """
                {"apiVersion":"v1","kind":"SecretList","metadata":{"resourceVersion":"1"},"items":[{"apiVersion":"v1","kind":"Secret",
                "metadata":{"name":"sh.helm.release.v1.cds-training.v1","namespace":"default","resourceVersion":"1",
                "labels":{"owner":"helm","name":"cds-training","status":"deployed","version":"1"}},
                "type":"helm.sh/release.v1","data":{"release":"%s"}}]}
                """.formatted(data);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
