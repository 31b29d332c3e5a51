// Prometheus metrics: the EPP's /metrics registry and its text exposition over HTTP.
//DEPS io.prometheus:prometheus-metrics-core:1.10.0
//DEPS io.prometheus:prometheus-metrics-exporter-httpserver:1.10.0
