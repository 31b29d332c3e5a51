///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../sandbox/SandboxMain.java
//SOURCES ../dependencies/Grpc.java
//SOURCES ../sandbox/**.java
//SOURCES ../epp/**.java
//JAVA_OPTIONS -Xmx512m

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import epp.EndpointPicker;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sandbox.LocalKubernetesApi;

/**
 * Issue 12's failover and drain timelines, measured with real EPP processes in leader-election mode
 * against the local Kubernetes API and three vLLM stand-ins on 127.0.0.2-4 (queues 5, 1, 9: the pick
 * is 127.0.0.3 when the metrics are known). Prints, each from the event to what a proxy sees:
 *  1. drain: SIGTERM with a routed stream open -> leader NOT_SERVING, standby SERVING, the open
 *     stream answered to its end (after a simulated 3 s response), process exit and its code;
 *  2. SIGKILL of the leader -> a (warm) standby SERVING;
 *  3. API server gone -> the leader NOT_SERVING;
 * and the first 100 picks of each new leader next to the 100 before (share that went to the
 * least-loaded pod). Health is polled every 10 ms, so times are +-10 ms.
 */
public class EppFailover {
    private static final String NS = "default";
    private static final List<String> ADDRESSES = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    private static final int[] QUEUES = {5, 1, 9};
    private static final Pattern SERVING = Pattern.compile("\"grpcPort\":(\\d+),\"grpcHealthPort\":(\\d+)");
    private static Path kubeconfig;
    private static int modelPort;

    record Epp(Process process, int grpcPort, int healthPort, ManagedChannel health, ManagedChannel extProc, List<String> log) {
        boolean ready() {
            try {
                return HealthGrpc.newBlockingStub(health).withDeadlineAfter(1, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService("readiness").build()).getStatus() == ServingStatus.SERVING;
            } catch (RuntimeException e) {
                return false;
            }
        }

        void close() {
            health.shutdownNow();
            extProc.shutdownNow();
            process.destroyForcibly();
        }
    }

    public static void main(String... args) throws Exception {
        Path dir = Files.createTempDirectory("epp-failover");
        List<HttpServer> modelServers = startModelServers();
        LocalKubernetesApi api = LocalKubernetesApi.start();
        kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
        createPoolAndPods(api.client());
        List<Epp> epps = new ArrayList<>();
        try {
            Epp a = start(epps);
            Epp b = start(epps);
            Epp leader = await(() -> a.ready() ? a : b.ready() ? b : null, 30_000, "a leader");
            Epp standby = leader == a ? b : a;
            awaitLog(standby, "Pod added", 30_000);
            System.out.printf("leader elected; standby has the pods%n");
            Map<String, Integer> before = picks(leader, 100);

            // 1. drain: a stream open across SIGTERM.
            var open = new Stream(leader.extProc());
            open.request();
            long t0 = System.nanoTime();
            leader.process().toHandle().destroy();
            long leaderNotReady = until(() -> !leader.ready(), t0);
            long standbyReady = until(standby::ready, t0);
            CompletableFuture<Long> exited = leader.process().onExit().thenApply(p -> ms(System.nanoTime() - t0));
            Thread.sleep(3_000); // the model streams its answer for 3 s
            open.response();
            long answered = ms(System.nanoTime() - t0);
            long exit = exited.get(30, TimeUnit.SECONDS);
            System.out.printf("%n1. SIGTERM with a stream open (leader -> standby):%n");
            System.out.printf("   leader NOT_SERVING      %6d ms%n   standby SERVING         %6d ms%n", leaderNotReady, standbyReady);
            System.out.printf("   open stream answered    %6d ms (response sent at 3000 ms; %s)%n", answered, open.status());
            System.out.printf("   leader exited           %6d ms, exit code %d%n", exit, leader.process().exitValue());
            Map<String, Integer> afterTerm = picks(standby, 100);

            // 2. SIGKILL of the new leader, a fresh standby warm first.
            Epp third = start(epps);
            awaitLog(third, "Pod added", 30_000);
            awaitMetrics(third);
            long t1 = System.nanoTime();
            standby.process().destroyForcibly();
            long thirdReady = until(third::ready, t1);
            Map<String, Integer> afterKill = picks(third, 100);
            System.out.printf("%n2. SIGKILL of the leader: standby SERVING %d ms (lease duration 15 s)%n", thirdReady);

            System.out.printf("%nFirst 100 picks per leader (pod -> count; least loaded is 127.0.0.3):%n");
            System.out.printf("   before failover      %s%n   after SIGTERM        %s%n   after SIGKILL        %s%n",
                    before, afterTerm, afterKill);

            // 3. The API server goes away: the leader must stop answering ready by the renew deadline.
            long t2 = System.nanoTime();
            api.close();
            long apiGone = until(() -> !third.ready(), t2);
            System.out.printf("%n3. API server stopped: leader NOT_SERVING %d ms after (renew deadline 10 s after its last renewal,"
                    + " renewals every 2 s)%n", apiGone);
        } finally {
            epps.forEach(Epp::close);
            modelServers.forEach(s -> s.stop(0));
        }
        System.exit(0);
    }

    private static Epp start(List<Epp> epps) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), EndpointPicker.class.getName(), "--pool-name", "vllm", "--pool-namespace", NS,
                "--kubeconfig", kubeconfig.toString(), "--ha-enable-leader-election", "--secure-serving=false", "--tracing=false",
                "--metrics-endpoint-auth=false", "--grpc-port=0", "--grpc-health-port=0", "--metrics-port=0", "--zap-encoder=json",
                "--drain-timeout=60s");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<Matcher> serving = new CompletableFuture<>();
        var reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.add(line);
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        serving.complete(m);
                    }
                }
            } catch (java.io.IOException gone) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        Matcher ports = serving.get(120, TimeUnit.SECONDS);
        int grpc = Integer.parseInt(ports.group(1));
        int health = Integer.parseInt(ports.group(2));
        var epp = new Epp(process, grpc, health,
                Grpc.newChannelBuilderForAddress("127.0.0.1", health, InsecureChannelCredentials.create()).build(),
                Grpc.newChannelBuilderForAddress("127.0.0.1", grpc, InsecureChannelCredentials.create()).build(), log);
        epps.add(epp);
        return epp;
    }

    /** A standby is warm when its picks already follow the metrics: ask it directly (it answers even if not ready). */
    private static void awaitMetrics(Epp epp) throws Exception {
        await(() -> "127.0.0.3".equals(new Stream(epp.extProc()).pick()) ? Boolean.TRUE : null, 30_000, "warm metrics");
    }

    private static Map<String, Integer> picks(Epp epp, int n) throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(new Stream(epp.extProc()).pick(), 1, Integer::sum);
        }
        return counts;
    }

    private static void awaitLog(Epp epp, String text, long millis) throws Exception {
        await(() -> epp.log().stream().anyMatch(l -> l.contains(text)) ? Boolean.TRUE : null, millis, text);
    }

    private static long until(java.util.function.BooleanSupplier condition, long since) throws Exception {
        await(() -> condition.getAsBoolean() ? Boolean.TRUE : null, 60_000, "condition");
        return ms(System.nanoTime() - since);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static <T> T await(java.util.concurrent.Callable<T> probe, long millis, String what) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no " + what + " within " + millis + " ms");
    }

    /** One ext_proc stream, driven as Envoy does. */
    static final class Stream {
        private final List<ProcessingResponse> replies = new CopyOnWriteArrayList<>();
        private final CompletableFuture<String> end = new CompletableFuture<>();
        private final StreamObserver<ProcessingRequest> requests;

        Stream(ManagedChannel channel) {
            requests = ExternalProcessorGrpc.newStub(channel).process(new StreamObserver<>() {
                @Override
                public void onNext(ProcessingResponse value) {
                    replies.add(value);
                }

                @Override
                public void onError(Throwable t) {
                    end.complete(io.grpc.Status.fromThrowable(t).getCode().toString());
                }

                @Override
                public void onCompleted() {
                    end.complete("OK");
                }
            });
        }

        void request() throws Exception {
            requests.onNext(ProcessingRequest.newBuilder().setRequestHeaders(HttpHeaders.newBuilder().setHeaders(headers(
                    ":method", "POST", ":path", "/v1/completions", "content-type", "application/json"))).build());
            requests.onNext(ProcessingRequest.newBuilder().setRequestBody(HttpBody.newBuilder().setBody(ByteString.copyFromUtf8(
                    "{\"model\":\"m\",\"prompt\":\"failover\",\"max_tokens\":10}")).setEndOfStream(true)).build());
            await(() -> replies.size() >= 2 || end.isDone() ? Boolean.TRUE : null, 10_000, "routing replies");
        }

        String pick() throws Exception {
            request();
            requests.onCompleted();
            for (ProcessingResponse reply : replies) {
                if (reply.hasRequestHeaders()) {
                    for (var option : reply.getRequestHeaders().getResponse().getHeaderMutation().getSetHeadersList()) {
                        if (option.getHeader().getKey().equals("x-gateway-destination-endpoint")) {
                            String value = option.getHeader().getRawValue().isEmpty() ? option.getHeader().getValue()
                                    : option.getHeader().getRawValue().toStringUtf8();
                            return value.substring(0, value.indexOf(':'));
                        }
                    }
                }
            }
            return "none";
        }

        void response() throws Exception {
            requests.onNext(ProcessingRequest.newBuilder().setResponseHeaders(HttpHeaders.newBuilder().setHeaders(headers(
                    ":status", "200", "content-type", "application/json"))).build());
            requests.onNext(ProcessingRequest.newBuilder().setResponseBody(HttpBody.newBuilder().setBody(ByteString.copyFromUtf8(
                    "{\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":10}}")).setEndOfStream(true)).build());
            await(() -> replies.size() >= 4 || end.isDone() ? Boolean.TRUE : null, 10_000, "response replies");
            requests.onCompleted();
            end.get(10, TimeUnit.SECONDS);
        }

        String status() {
            return "stream " + end.getNow("open") + ", " + replies.size() + " replies";
        }

        private static HeaderMap headers(String... kv) {
            var map = HeaderMap.newBuilder();
            for (int i = 0; i < kv.length; i += 2) {
                map.addHeaders(HeaderValue.newBuilder().setKey(kv[i]).setRawValue(ByteString.copyFromUtf8(kv[i + 1])));
            }
            return map.build();
        }
    }

    private static List<HttpServer> startModelServers() throws Exception {
        List<HttpServer> servers = new ArrayList<>();
        for (int i = 0; i < ADDRESSES.size(); i++) {
            HttpServer server = HttpServer.create(new InetSocketAddress(ADDRESSES.get(i), modelPort), 0);
            String body = "# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting " + QUEUES[i]
                    + "\n# TYPE vllm:gpu_cache_usage_perc gauge\nvllm:gpu_cache_usage_perc 0.2\n";
            server.createContext("/metrics", exchange -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            modelPort = server.getAddress().getPort(); // the first picks a free port; the others share it
            servers.add(server);
        }
        return servers;
    }

    private static void createPoolAndPods(KubernetesClient client) {
        client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("inference.networking.k8s.io")
                .withVersion("v1").withKind("InferencePool").withPlural("inferencepools").withNamespaced(true).build())
                .inNamespace(NS).resource(Serialization.unmarshal("""
                        {"apiVersion": "inference.networking.k8s.io/v1", "kind": "InferencePool",
                         "metadata": {"name": "vllm", "namespace": "default"},
                         "spec": {"selector": {"matchLabels": {"app": "vllm"}}, "targetPorts": [{"number": %d}],
                                  "endpointPickerRef": {"name": "vllm-epp", "port": {"number": 9002}}}}""".formatted(modelPort),
                        GenericKubernetesResource.class)).create();
        for (int i = 0; i < ADDRESSES.size(); i++) {
            Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("vllm-" + i).withNamespace(NS)
                    .withLabels(Map.of("app", "vllm")).endMetadata()
                    .withNewSpec().addNewContainer().withName("server").withImage("vllm").endContainer().endSpec().build()).create();
            pod.setStatus(new PodStatusBuilder().withPodIP(ADDRESSES.get(i)).withPhase("Running")
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
            client.pods().inNamespace(NS).resource(pod).updateStatus();
        }
    }
}
