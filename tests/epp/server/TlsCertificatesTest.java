package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `--cert-path` loading: PKCS#1 and PKCS#8 keys, clear errors. */
class TlsCertificatesTest {
    static void writePkcs1(Path dir, TlsCertificates.KeyAndChain tls) throws Exception {
        Files.writeString(dir.resolve("tls.crt"), pem(tls.chain().get(0)));
        Files.writeString(dir.resolve("tls.key"), pem(tls.key()));
    }

    private static String pem(Object o) throws Exception {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        }
        return out.toString();
    }

    @Test
    void readsAnRsaPkcs1Key(@TempDir Path dir) throws Exception {
        var tls = TlsCertificates.selfSigned(2048);
        writePkcs1(dir, tls);
        assertTrue(Files.readString(dir.resolve("tls.key")).contains("BEGIN RSA PRIVATE KEY"));
        var loaded = TlsCertificates.fromDirectory(dir);
        assertEquals(tls.chain(), loaded.chain());
        assertEquals(tls.key(), loaded.key());
        loaded.serverCredentials();
    }

    @Test
    void readsAPkcs8Key(@TempDir Path dir) throws Exception {
        var tls = TlsCertificates.selfSigned(2048);
        Files.writeString(dir.resolve("tls.crt"), pem(tls.chain().get(0)));
        Files.writeString(dir.resolve("tls.key"), pem(new JcaPKCS8Generator(tls.key(), null)));
        assertTrue(Files.readString(dir.resolve("tls.key")).contains("BEGIN PRIVATE KEY"));
        assertEquals(tls.key(), TlsCertificates.fromDirectory(dir).key());
    }

    @Test
    void aKeyFileWithoutAKeyIsNamedInTheError(@TempDir Path dir) throws Exception {
        var tls = TlsCertificates.selfSigned(2048);
        Files.writeString(dir.resolve("tls.crt"), pem(tls.chain().get(0)));
        Files.writeString(dir.resolve("tls.key"), pem(tls.chain().get(0)));
        var error = assertThrows(GeneralSecurityException.class, () -> TlsCertificates.fromDirectory(dir));
        assertTrue(error.getMessage().contains("tls.key"), error.getMessage());
    }
}
