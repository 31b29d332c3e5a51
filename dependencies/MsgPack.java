// msgpack-core: the payload of vLLM's KV events (a KVEventBatch) is msgpack; the simulator encodes it,
// the EPP decodes it.
//DEPS org.msgpack:msgpack-core:0.9.12
