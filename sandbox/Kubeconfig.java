package sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for the local API that fabric8, kubectl and Helm all accept. */
final class Kubeconfig {
    static final String NAME = "pool-sandbox";

    private Kubeconfig() {}

    static String render(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                preferences: {}
                users:
                - name: %1$s
                  user:
                    token: %1$s
                """.formatted(NAME, url);
    }

    static Path write(Path file, String url) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(url));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }
}
