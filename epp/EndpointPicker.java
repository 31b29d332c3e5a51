///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../dependencies/Picocli.java
//SOURCES ../dependencies/KubernetesClient.java
//SOURCES ../dependencies/Jackson.java
//SOURCES ../dependencies/Slf4j.java
//SOURCES ../dependencies/Grpc.java
//SOURCES ../dependencies/Protobuf.java
//SOURCES ../dependencies/EnvoyApi.java
//SOURCES ../dependencies/BouncyCastle.java
//SOURCES ../dependencies/Prometheus.java
//SOURCES ../dependencies/OpenTelemetry.java
//SOURCES ../dependencies/Vertx.java
//SOURCES ../dependencies/Lz4.java
//SOURCES ../dependencies/JeroMq.java
//SOURCES ../dependencies/MsgPack.java
//SOURCES ../dependencies/DjlTokenizers.java
//SOURCES ../dependencies/Jinjava.java
//SOURCES ../common/**.java
//SOURCES ../tokens/**.java
//SOURCES cli/**.java
//SOURCES logging/**.java
//SOURCES datastore/**.java
//SOURCES metrics/**.java
//SOURCES scheduling/**.java
//SOURCES handlers/**.java
//SOURCES requestcontrol/**.java
//SOURCES server/**.java
//SOURCES tracing/**.java
//SOURCES kvevents/**.java
//FILES common/default-plugins.yaml=../common/default-plugins.yaml
//FILES META-INF/services/org.slf4j.spi.SLF4JServiceProvider=logging/org.slf4j.spi.SLF4JServiceProvider

package epp;

import epp.cli.EppCommand;
import epp.server.KubernetesBackends;

/** Entry point of the Endpoint Picker: `jbang epp@org --pool-name NAME ...`, `./jbang epp/EndpointPicker.java ...`. */
public class EndpointPicker {
    public static void main(String... args) {
        System.exit(EppCommand.execute(new KubernetesBackends(), args));
    }
}
