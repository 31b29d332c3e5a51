// Jib core: builds the EPP's OCI image (epp/image/) without a container daemon, to a tar file or a
// registry, with reproducible layers.
//DEPS com.google.cloud.tools:jib-core:0.28.1
