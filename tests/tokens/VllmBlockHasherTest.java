package tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Hashes against vectors computed independently: by vllm_block_hash_vectors.py (vLLM's algorithm with
 * cbor2, the CBOR library vLLM uses), and one block whose CBOR bytes are written out by hand here.
 */
class VllmBlockHasherTest {
    private static final HexFormat HEX = HexFormat.of();

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    @Test
    void noneHashIsSha256OfTheSeedAsCborText() throws Exception {
        // cbor("42") = 0x62 '4' '2'
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(new byte[] {0x62, '4', '2'});
        assertArrayEquals(expected, VllmBlockHasher.of("sha256_cbor", "42").noneHash());
        assertEquals("9fa6eb003f14425eb9c8e6baacfbcaab26257357b829c7bfa74ffcc4f31c1780",
                HEX.formatHex(VllmBlockHasher.of("sha256_cbor", "42").noneHash()));
    }

    @Test
    void firstBlockIsSha256OfTheCborTripleWrittenByHand() throws Exception {
        VllmBlockHasher hasher = VllmBlockHasher.of("sha256_cbor", "42");
        byte[] noneHash = hasher.noneHash();
        // [bytes(32) NONE_HASH, [0, 1, 2, 3], null]
        byte[] cbor = new byte[1 + 2 + 32 + 1 + 4 + 1];
        int i = 0;
        cbor[i++] = (byte) 0x83;             // array(3)
        cbor[i++] = 0x58;                    // bytes, 1-byte length
        cbor[i++] = 32;
        System.arraycopy(noneHash, 0, cbor, i, 32);
        i += 32;
        cbor[i++] = (byte) 0x84;             // array(4)
        for (int t = 0; t < 4; t++) {
            cbor[i++] = (byte) t;            // unsigned ints 0..3
        }
        cbor[i] = (byte) 0xf6;               // null: no extra keys
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(cbor);
        assertArrayEquals(expected, hasher.blockHashes(range(0, 4), 4, null, null)[0]);
    }

    @Test
    void chainedBlocksMatchVllm() {
        VllmBlockHasher hasher = VllmBlockHasher.of("sha256_cbor", "42");
        byte[][] hashes = hasher.blockHashes(range(0, 40), 16, null, null);
        assertEquals(2, hashes.length, "the trailing 8 tokens are not a full block");
        assertEquals("63876f948a5f9ef88191c7d6554fbeeea5c622d4da15d0d527bd352623590b0d", HEX.formatHex(hashes[0]));
        assertEquals("78a71559304e96e785d46658e382ff9b8b5f10f918102e3ac1b4060a29bae320", HEX.formatHex(hashes[1]));
        assertArrayEquals(new long[] {0x27bd352623590b0dL, 0xc1b4060a29bae320L},
                hasher.hashFullBlocks(range(0, 40), 16, null));
    }

    @Test
    void everyIntegerHeadSizeMatchesVllm() {
        // 1- to 4-byte integer heads (23/24, 255/256, 65535/65536); the vector's third block holds
        // 4294967295, beyond int token ids, so the first two blocks are compared.
        VllmBlockHasher hasher = VllmBlockHasher.of("sha256_cbor", "0");
        long[] hashes = hasher.hashFullBlocks(new int[] {1, 23, 24, 255, 256, 65535, 65536, 128000}, 4, null);
        assertArrayEquals(new long[] {0x81f65b1d62cdd706L, 0x0634c281d6739b9eL}, hashes);
    }

    @Test
    void loraNameIsAnExtraKeyOfEveryBlock() {
        VllmBlockHasher hasher = VllmBlockHasher.of("sha256_cbor", "42");
        assertArrayEquals(new long[] {0x71fe4cf1d3225a9cL, 0xcd591446465b3dd6L},
                hasher.hashFullBlocks(range(0, 32), 16, "sql-lora"));
    }

    @Test
    void cacheSaltIsAnExtraKeyOfTheFirstBlockOnly() {
        VllmBlockHasher hasher = VllmBlockHasher.of("sha256_cbor", "42");
        assertArrayEquals(new long[] {0x58e25164b7f9ae5fL, 0x9aee5050cad0114fL},
                hasher.hashFullBlocks(range(0, 32), 16, null, "tenant-a"));
        VllmBlockHasher emptySeed = VllmBlockHasher.of("sha256_cbor", "");
        assertArrayEquals(new long[] {0x51f19478b606d354L, 0x19297144006e61b6L},
                emptySeed.hashFullBlocks(range(100, 132), 16, "sql-lora", "tenant-a"));
    }

    @Test
    void externalFormIsTheLastEightBytesBigEndian() {
        byte[] hash = HEX.parseHex("63876f948a5f9ef88191c7d6554fbeeea5c622d4da15d0d527bd352623590b0d");
        assertEquals(0x27bd352623590b0dL, VllmBlockHasher.externalForm(hash));
    }

    @Test
    void irreproducibleAlgorithmsAndAMissingSeedAreRefusedWithTheFix() {
        IllegalArgumentException builtin = assertThrows(IllegalArgumentException.class,
                () -> VllmBlockHasher.of("builtin", "42"));
        assertTrue(builtin.getMessage().contains("salted per process"), builtin.getMessage());
        assertTrue(builtin.getMessage().contains("--prefix-caching-hash-algo sha256_cbor"), builtin.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VllmBlockHasher.of("sha256", "42"));
        IllegalArgumentException noSeed = assertThrows(IllegalArgumentException.class,
                () -> VllmBlockHasher.of("sha256_cbor", null));
        assertTrue(noSeed.getMessage().contains("PYTHONHASHSEED"), noSeed.getMessage());
    }
}
