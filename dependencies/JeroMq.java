// JeroMQ (pure-Java ZeroMQ): vLLM's KV events travel over ZMQ; the simulator (sim/) publishes them and
// the EPP's precise prefix-cache scorer subscribes to them.
//DEPS org.zeromq:jeromq:0.6.0
