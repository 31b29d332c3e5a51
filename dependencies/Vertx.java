// vert.x core: the EPP's model-server metrics scraper, one event-loop HTTP client for all endpoints.
// The version fabric8's HTTP transport (kubernetes-httpclient-vertx) brings; fabric8's BOM does not
// manage it, so it is named here.
//DEPS io.vertx:vertx-core:4.5.24
