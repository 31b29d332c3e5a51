package gateway;

/** What every exchange on one event loop shares. */
record GatewayRuntime(GatewayConfig config, Upstream upstream, PoolEndpoints pool, Picker failOpenPicker) {}
