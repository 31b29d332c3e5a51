package sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that talk to the local API: a fresh {@code api} and its fabric8 {@code client} per test, closed after it. */
abstract class LocalApiTest {
    LocalKubernetesApi api;
    KubernetesClient client;

    @BeforeEach
    void startApi() {
        api = LocalKubernetesApi.start();
        client = api.client();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }
}
