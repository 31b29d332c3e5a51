// The one place that declares the version of every library pool and its EPP use.
// pool.java, epp/EndpointPicker.java and tests/run.java include this file with //SOURCES,
// so JBang resolves the same versions for all three.
//
// Why each library is here:
//   picocli                  the CLI (pool, epp) and its help, completion and exit codes
//   fabric8 kubernetes-client talking to Kubernetes (kubeconfig, SSA, informers, port-forward)
//   fabric8 server-mock      base of the local Kubernetes API (sandbox/), also used by tests
//   jackson (2.x line, the one fabric8 7 uses) YAML and JSON for values, manifests, release records
//   snakeyaml                the YAML 1.1 reader behind values.Yaml (Helm-exact scalars); the version
//                            jackson-dataformat-yaml 2.20 brings, named because values/ uses it directly
//   grpc + envoy control-plane api  the EPP's ext_proc and health servers
//   lz4-java (maintained fork) XXH64 for the prefix-cache scorer (the same hash as upstream's cespare/xxhash)
//   slf4j-nop                the binding for the SLF4J API fabric8 logs through: without one, SLF4J prints a
//                            3-line warning on stderr of every CLI run that talks to a cluster; pool reports
//                            errors itself (same version as the slf4j-api fabric8 brings)
//   junit                    tests (tests/run.java runs the JUnit Platform)
//   bouncycastle bcpkix      the EPP's self-signed TLS certificate (the JDK has no public API to
//                            issue an X.509 certificate) and PKCS#1/SEC1 keys in --cert-path
//   prometheus metrics       the EPP's /metrics registry and its text format (served by epp.server's own
//                            handler, numbers rewritten as Go prints them); instrumentation-jvm
//                            adds the JVM's and the process's families (jvm_*, process_*) upstream's Go
//                            runtime families stand for
//   opentelemetry            the EPP's tracing (--tracing): SDK + OTLP/gRPC span exporter
//   HdrHistogram             latency percentiles in bench/ load drivers
//   vert.x core              the EPP's model-server metrics scraper: one event-loop HTTP client for
//                            all endpoints. The version fabric8's HTTP transport (kubernetes-httpclient-
//                            vertx) brings; fabric8's BOM does not manage it, so it is named here.
//
//DEPS info.picocli:picocli:4.7.7
//DEPS io.fabric8:kubernetes-client-bom:7.5.2@pom
//DEPS io.fabric8:kubernetes-client
//DEPS io.fabric8:kubernetes-server-mock
//DEPS com.fasterxml.jackson:jackson-bom:2.20.1@pom
//DEPS com.fasterxml.jackson.core:jackson-databind
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml
//DEPS org.yaml:snakeyaml:2.4
//DEPS io.grpc:grpc-bom:1.85.1@pom
//DEPS io.grpc:grpc-netty-shaded
//DEPS io.grpc:grpc-protobuf
//DEPS io.grpc:grpc-stub
//DEPS io.grpc:grpc-services
//DEPS io.envoyproxy.controlplane:api:1.0.49
//DEPS org.bouncycastle:bcpkix-jdk18on:1.87
//DEPS io.prometheus:prometheus-metrics-core:1.10.0
//DEPS io.prometheus:prometheus-metrics-exposition-textformats:1.10.0
//DEPS io.prometheus:prometheus-metrics-instrumentation-jvm:1.10.0
//DEPS org.hdrhistogram:HdrHistogram:2.2.2
//DEPS io.vertx:vertx-core:4.5.24
//DEPS io.opentelemetry:opentelemetry-bom:1.68.0@pom
//DEPS io.opentelemetry:opentelemetry-api
//DEPS io.opentelemetry:opentelemetry-sdk
//DEPS io.opentelemetry:opentelemetry-exporter-otlp
//DEPS io.opentelemetry:opentelemetry-exporter-logging
//DEPS at.yawk.lz4:lz4-java:1.14.0
//DEPS org.slf4j:slf4j-nop:2.0.17
//DEPS org.junit:junit-bom:5.14.1@pom
//DEPS org.junit.jupiter:junit-jupiter
//DEPS org.junit.platform:junit-platform-launcher
final class Dependencies {
    private Dependencies() {}
}
