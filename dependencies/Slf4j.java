// SLF4J, the logging API fabric8 (and vert.x, gRPC's OpenTelemetry exporter) log through. slf4j-api is
// pinned to one version: vert.x's BOM (imported through fabric8) would otherwise make JBang resolve 2.0.7.
// The binding is chosen per program: Slf4jNop.java for the CLI-like programs, the EPP's own provider
// (epp/logging) for the EPP, which sends every library's log line into its JSON log.
//DEPS org.slf4j:slf4j-api:2.0.17
