// gRPC: the EPP's ext_proc and health servers. Guava is pinned to the version gRPC 1.85 is built
// against (its POMs name 33.6.0-android; the -jre flavour for a server JVM): vert.x's BOM, imported
// through fabric8, would otherwise make JBang resolve guava 32.1.2-jre.
//DEPS io.grpc:grpc-bom:1.85.1@pom
//DEPS io.grpc:grpc-netty-shaded
//DEPS io.grpc:grpc-protobuf
//DEPS io.grpc:grpc-stub
//DEPS io.grpc:grpc-services
//DEPS com.google.guava:guava:33.6.0-jre
