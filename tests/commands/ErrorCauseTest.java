package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed connection names its cause in one line (issue 8 item 7): a TLS server whose certificate
 * the kubeconfig does not trust, and an HTTP server that is not a Kubernetes API, both on loopback.
 */
class ErrorCauseTest {
    @TempDir
    Path dir;
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    Path kubeconfig(String url) throws Exception {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                contexts:
                - name: c
                  context: {cluster: c, user: u, namespace: default}
                current-context: c
                users:
                - name: u
                  user: {token: t}
                """.formatted(url));
    }

    /** An HTTPS server on 127.0.0.1 with a fresh self-signed certificate (keytool), answering 200 to anything. */
    HttpsServer untrustedTlsServer() throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        var p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "api", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=untrusted-api", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        var ks = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        var tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        var https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        https.start();
        return https;
    }

    @Test
    void anUntrustedCertificateIsNamedAsTheX509Reason() throws Exception {
        var https = untrustedTlsServer();
        server = https;
        String url = "https://127.0.0.1:" + https.getAddress().getPort();
        var run = PoolRunner.run("list", "--kubeconfig", kubeconfig(url).toString());
        assertEquals(1, run.code(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("Error: TLS handshake with the API server at " + url + " failed: x509: certificate signed by "
                + "unknown authority"), run.err());
        assertTrue(run.err().contains("certificate-authority"), "says what to fix: " + run.err());
    }

    @Test
    void anHttpServerThatIsNotKubernetesIsSaidToBeNone() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "404 page not found\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        var run = PoolRunner.run("list", "--kubeconfig", kubeconfig(url).toString());
        assertEquals(1, run.code(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("Error: the server at " + url + " is not a Kubernetes API server"), run.err());
        var install = PoolRunner.run("install", "pool-1", "--set", "inferencePool.modelServers.matchLabels.app=vllm",
                "--kubeconfig", kubeconfig(url).toString());
        assertEquals(1, install.code(), install.err());
        assertTrue(install.err().contains("is not a Kubernetes API server"), install.err());
    }
}
