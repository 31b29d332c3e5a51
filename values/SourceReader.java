package values;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads what a {@code -f} or {@code --set-file} names, as Helm's readFile does: {@code -} is
 * standard input (read once, then remembered), an {@code http://} or {@code https://} URL is
 * fetched, anything else is a local file. Failures read like Go's:
 * {@code open values.yaml: no such file or directory}.
 */
public final class SourceReader {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    private final InputStream stdin;
    private byte[] stdinContent;

    public SourceReader(InputStream stdin) {
        this.stdin = stdin;
    }

    /** A reader on this process's standard input. */
    public static SourceReader standard() {
        return new SourceReader(System.in);
    }

    /** The bytes at {@code location}; throws a (non-usage) ValuesException naming it when unreadable. */
    public byte[] read(String location) {
        if (location.strip().equals("-")) {
            return readStdin();
        }
        String lower = location.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return fetch(location);
        }
        Path path = Path.of(location);
        try {
            if (Files.isDirectory(path)) {
                throw new ValuesException("read " + location + ": is a directory", false);
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ValuesException("open " + location + ": no such file or directory", false);
        } catch (AccessDeniedException e) {
            throw new ValuesException("open " + location + ": permission denied", false);
        } catch (IOException e) {
            throw new ValuesException("open " + location + ": " + e.getMessage(), false);
        }
    }

    private synchronized byte[] readStdin() {
        if (stdinContent == null) {
            try {
                stdinContent = stdin.readAllBytes();
            } catch (IOException e) {
                throw new ValuesException("read standard input: " + e.getMessage(), false);
            }
        }
        return stdinContent;
    }

    private static byte[] fetch(String url) {
        try {
            var client = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
            var request = HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT).GET().build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new ValuesException("failed to fetch " + url + " : " + response.statusCode() + " " + statusText(response.statusCode()), false);
            }
            return response.body();
        } catch (IllegalArgumentException e) {
            throw new ValuesException("invalid URL " + url + ": " + e.getMessage(), false);
        } catch (IOException | UncheckedIOException e) {
            throw new ValuesException("failed to fetch " + url + ": " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValuesException("interrupted while fetching " + url, false);
        }
    }

    private static String statusText(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            default -> "";
        };
    }
}
