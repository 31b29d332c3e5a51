package epp.server;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
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
         * The ext_proc server's TLS credentials: this key and chain as gRPC's key manager. Not
         * through a PKCS12 KeyStore (ours, or the one Netty builds from PEM): that encrypts the
         * key with PBKDF2 (10,000 HMAC rounds) and decrypts it again, ~130 ms of a cold start.
         */
        public ServerCredentials serverCredentials() {
            return TlsServerCredentials.newBuilder().keyManager(new SingleKeyManager(key, chain)).build();
        }
    }

    /** A key manager holding one key and its chain, offered for key types of the key's algorithm (RSA, EC...). */
    static final class SingleKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "epp";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        SingleKeyManager(PrivateKey key, List<X509Certificate> chain) {
            this.key = key;
            this.chain = chain.toArray(new X509Certificate[0]);
        }

        private String aliasFor(String keyType) {
            // JSSE asks for "RSA", "EC", "RSASSA-PSS"...; OpenSSL-backed Netty also for "EC_EC", "EC_RSA".
            return keyType != null && (keyType.equals(key.getAlgorithm()) || keyType.startsWith(key.getAlgorithm() + "_")) ? ALIAS : null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null; // a server's key only
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
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
