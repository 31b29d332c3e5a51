package epp.server;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The ext_proc server's certificate (epp.md §1.1 `--cert-path`): loaded from `tls.crt`/`tls.key`
 * (PKCS#8, PKCS#1 or SEC1 keys), or generated at start like upstream: RSA-4096, organisation
 * "Inference Ext", ServerAuth, valid 10 years, no SANs.
 */
public final class TlsCertificates {
    private TlsCertificates() {}

    public record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {
        /**
         * The ext_proc server's TLS credentials: the key (PKCS#8) and chain handed to gRPC as PEM.
         * Not through a PKCS12 KeyStore and a KeyManagerFactory: that encrypts the key with
         * PBKDF2 (10,000 HMAC rounds) and decrypts it again, 1-2.5 s of a cold start on 2 cores.
         */
        public ServerCredentials serverCredentials() throws GeneralSecurityException, IOException {
            var chainPem = new StringBuilder();
            for (X509Certificate certificate : chain) {
                chainPem.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            byte[] pkcs8 = key.getEncoded();
            if (pkcs8 == null || !"PKCS#8".equals(key.getFormat())) {
                throw new GeneralSecurityException("the " + key.getAlgorithm() + " private key has no PKCS#8 encoding");
            }
            return TlsServerCredentials.newBuilder()
                    .keyManager(new ByteArrayInputStream(chainPem.toString().getBytes(StandardCharsets.US_ASCII)),
                            new ByteArrayInputStream(pem("PRIVATE KEY", pkcs8).getBytes(StandardCharsets.US_ASCII)))
                    .build();
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }
    }

    public static KeyAndChain selfSigned() throws GeneralSecurityException, IOException {
        return selfSigned(4096);
    }

    static KeyAndChain selfSigned(int rsaBits) throws GeneralSecurityException, IOException {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(rsaBits);
        KeyPair pair = generator.generateKeyPair();
        var now = Instant.now();
        var subject = new X500Name("O=Inference Ext");
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, new SecureRandom()),
                Date.from(now), Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic())
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        try {
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            return new KeyAndChain(pair.getPrivate(), List.of(new JcaX509CertificateConverter().getCertificate(holder)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** Reads `dir/tls.crt` (a PEM chain) and `dir/tls.key`; messages name the file and what is wrong. */
    public static KeyAndChain fromDirectory(Path dir) throws IOException, GeneralSecurityException {
        Path certFile = dir.resolve("tls.crt");
        Path keyFile = dir.resolve("tls.key");
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(certFile); var pem = new PEMParser(reader)) {
            Object item;
            while ((item = pem.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certFile + " holds no PEM CERTIFICATE block");
        }
        PrivateKey key;
        try (Reader reader = Files.newBufferedReader(keyFile); var pem = new PEMParser(reader)) {
            Object item = pem.readObject();
            var converter = new JcaPEMKeyConverter();
            if (item instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            } else if (item instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new GeneralSecurityException(keyFile + " holds no unencrypted PEM private key (PKCS#8, RSA or EC)");
            }
        }
        return new KeyAndChain(key, chain);
    }
}
