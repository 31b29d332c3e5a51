// BouncyCastle PKIX: the EPP's self-signed TLS certificate (the JDK has no public API to issue an
// X.509 certificate) and PKCS#1/SEC1 keys in --cert-path. The sandbox includes this file too: fabric8's
// mock server brings BouncyCastle, at 1.82 by fabric8's BOM, and the project uses one version.
//DEPS org.bouncycastle:bcpkix-jdk18on:1.87
