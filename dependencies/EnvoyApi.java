// Envoy's control-plane API: the ext_proc protocol messages and service the EPP implements.
//DEPS io.envoyproxy.controlplane:api:1.0.49
