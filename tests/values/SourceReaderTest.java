package values;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What -f and --set-file read: files, http(s) URLs and standard input. */
class SourceReaderTest {
    @TempDir
    Path dir;

    private HttpServer server;

    @BeforeEach
    void startLoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/values.yaml", exchange -> {
            byte[] body = "replicas: 3\nimage: {tag: v2}\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/missing.yaml", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static SourceReader noStdin() {
        return new SourceReader(new ByteArrayInputStream(new byte[0]));
    }

    @Test
    void aValuesFileMayBeAnHttpUrl() {
        var flags = new UserValues.Flags(List.of(url("/values.yaml")), List.of(), List.of("image.repo=r"), List.of(), List.of(), List.of());

        assertEquals(Map.of("replicas", 3.0, "image", Map.of("tag", "v2", "repo", "r")), UserValues.merge(flags, noStdin()));
    }

    @Test
    void anHttpErrorNamesTheUrlAndStatus() {
        var error = assertThrows(ValuesException.class, () -> noStdin().read(url("/missing.yaml")));

        assertTrue(error.getMessage().contains(url("/missing.yaml")) && error.getMessage().contains("404"), error.getMessage());
        assertFalse(error.usageError());
    }

    @Test
    void standardInputIsReadOnceAndServesEveryDash() {
        var reader = new SourceReader(new ByteArrayInputStream("a: 1\n".getBytes(StandardCharsets.UTF_8)));

        assertArrayEquals(reader.read("-"), reader.read(" - "));
    }

    @Test
    void aDirectoryIsNotAValuesFile() {
        var error = assertThrows(ValuesException.class, () -> noStdin().read(dir.toString()));

        assertEquals("read " + dir + ": is a directory", error.getMessage());
    }

    @Test
    void aFileIsReadAsBytes() throws IOException {
        Path file = Files.writeString(dir.resolve("v.yaml"), "ü: 1\n");

        assertEquals("ü: 1\n", new String(noStdin().read(file.toString()), StandardCharsets.UTF_8));
    }
}
