///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../dependencies/Picocli.java
//SOURCES ../dependencies/Jackson.java
//SOURCES ../dependencies/Vertx.java
//SOURCES ../dependencies/JeroMq.java
//SOURCES ../dependencies/MsgPack.java
//SOURCES ../tokens/**.java
//SOURCES engine/**.java
//SOURCES events/**.java
//SOURCES server/**.java
//SOURCES cli/**.java

package sim;

import sim.cli.SimCommand;

/** Entry point of the model-server simulator: `jbang sim@org --port 8000 ...`, `./jbang sim/ModelServerSimulator.java ...`. */
public class ModelServerSimulator {
    public static void main(String... args) {
        System.exit(SimCommand.execute(args));
    }
}
