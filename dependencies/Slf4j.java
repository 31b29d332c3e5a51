// SLF4J, the logging API fabric8 (and vert.x, gRPC's OpenTelemetry exporter) log through.
// slf4j-nop is the binding: without one SLF4J prints a 3-line warning on stderr of every command that
// talks to a cluster; pool and the EPP report errors themselves. slf4j-api is pinned to the binding's
// version: vert.x's BOM (imported through fabric8) would otherwise make JBang resolve 2.0.7.
//DEPS org.slf4j:slf4j-api:2.0.17
//DEPS org.slf4j:slf4j-nop:2.0.17
