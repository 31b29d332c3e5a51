// protobuf-java: the wire format. The EPP gets it through gRPC; the sandbox reads Kubernetes' protobuf
// request bodies (kubectl sends some) with it. The version grpc-protobuf 1.85.1 depends on.
//DEPS com.google.protobuf:protobuf-java:3.25.9
