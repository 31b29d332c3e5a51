// OpenTelemetry: the EPP's tracing (--tracing), SDK and OTLP/gRPC span exporter.
//DEPS io.opentelemetry:opentelemetry-bom:1.68.0@pom
//DEPS io.opentelemetry:opentelemetry-api
//DEPS io.opentelemetry:opentelemetry-sdk
//DEPS io.opentelemetry:opentelemetry-exporter-otlp
//DEPS io.opentelemetry:opentelemetry-exporter-logging
