// fabric8 kubernetes-client: talking to Kubernetes (kubeconfig, server-side apply, informers, port-forward).
// Its BOM also manages kubernetes-server-mock (KubernetesMockServer.java), so the two never differ.
//DEPS io.fabric8:kubernetes-client-bom:7.5.2@pom
//DEPS io.fabric8:kubernetes-client
