///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../Dependencies.java
//SOURCES cli/**.java
//SOURCES json/**.java
//SOURCES logging/**.java
//SOURCES datastore/**.java
//SOURCES metrics/**.java
//SOURCES scheduling/**.java
//SOURCES handlers/**.java
//SOURCES requestcontrol/**.java
//SOURCES server/**.java
//SOURCES tracing/**.java
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
