// slf4j-nop: the SLF4J binding of pool, the sandbox, the gateway and the simulator. Without one SLF4J
// prints a 3-line warning on stderr of every command that talks to a cluster; these programs report
// errors themselves. Not in the EPP (it binds SLF4J to its own logger) nor in the tests (they run the
// EPP in-process: two bindings make SLF4J warn and pick one).
//DEPS org.slf4j:slf4j-nop:2.0.17
