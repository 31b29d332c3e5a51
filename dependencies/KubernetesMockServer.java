// fabric8 kubernetes-server-mock: the base of the local Kubernetes API (sandbox/). Only the sandbox
// entry and the tests include it. Its version comes from the BOM in KubernetesClient.java (include both).
//DEPS io.fabric8:kubernetes-server-mock
