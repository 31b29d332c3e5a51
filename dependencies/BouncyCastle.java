// BouncyCastle PKIX: the EPP's self-signed TLS certificate (the JDK has no public API to issue an
// X.509 certificate) and PKCS#1/SEC1 keys in --cert-path.
//DEPS org.bouncycastle:bcpkix-jdk18on:1.87
