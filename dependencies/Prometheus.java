// Prometheus metrics: the EPP's /metrics registry, its text format (served by epp.server's own HTTP
// endpoint, numbers printed as Go does) and the JVM and process metrics.
//DEPS io.prometheus:prometheus-metrics-core:1.10.0
//DEPS io.prometheus:prometheus-metrics-exposition-textformats:1.10.0
//DEPS io.prometheus:prometheus-metrics-instrumentation-jvm:1.10.0
