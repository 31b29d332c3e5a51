package epp.kvevents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Payloads packed by python-msgpack as vLLM's msgspec encodes them (make_event_vectors.py). */
class KvEventDecoderTest {
    private static final long SMALL = 0x27BD352623590B0DL;
    private static final long BIG = 0xC1B4060A29BAE320L;
    private static final int[] TOKENS = IntStream.range(0, 16).toArray();

    private static KvEventBatch decode(String hex) throws MalformedBatchException {
        return KvEventDecoder.decode(HexFormat.of().parseHex(hex));
    }

    @Test
    void currentVllmBatch() throws Exception {
        KvEventBatch batch = decode("93cb41d9d403c81000009498ab426c6f636b53746f72656492cf27bd352623590b0dcfc1b4060a29bae320c0dc0020000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f10c0a3475055c098ab426c6f636b53746f7265649107cfc1b4060a29bae320dc0010000102030405060708090a0b0c0d0e0f1003a3475055a873716c2d6c6f726193ac426c6f636b52656d6f76656491cf27bd352623590b0da347505591b0416c6c426c6f636b73436c656172656400");
        assertEquals(1733300000.25, batch.ts());
        assertEquals(0, batch.dataParallelRank());
        assertEquals(4, batch.events().size());

        KvEvent.BlockStored first = assertInstanceOf(KvEvent.BlockStored.class, batch.events().get(0));
        assertArrayEquals(new long[] {SMALL, BIG}, first.blockHashes());
        assertNull(first.parentBlockHash());
        assertEquals(32, first.tokenIds().length);
        assertEquals(16, first.blockSize());
        assertNull(first.loraId());
        assertEquals("GPU", first.medium());
        assertNull(first.loraName());

        KvEvent.BlockStored second = assertInstanceOf(KvEvent.BlockStored.class, batch.events().get(1));
        assertArrayEquals(new long[] {7}, second.blockHashes());
        assertEquals(BIG, second.parentBlockHash());
        assertArrayEquals(TOKENS, second.tokenIds());
        assertEquals(3, second.loraId());
        assertEquals("sql-lora", second.loraName());

        KvEvent.BlockRemoved removed = assertInstanceOf(KvEvent.BlockRemoved.class, batch.events().get(2));
        assertArrayEquals(new long[] {SMALL}, removed.blockHashes());
        assertEquals("GPU", removed.medium());
        assertInstanceOf(KvEvent.AllBlocksCleared.class, batch.events().get(3));
    }

    @Test
    void olderVllmWithoutMediumLoraNameOrRank() throws Exception {
        KvEventBatch batch = decode("92cb41d9d403c82000009296ab426c6f636b53746f72656491cf27bd352623590b0dc0dc0010000102030405060708090a0b0c0d0e0f10c092ac426c6f636b52656d6f76656491cf27bd352623590b0d");
        assertNull(batch.dataParallelRank());
        KvEvent.BlockStored stored = assertInstanceOf(KvEvent.BlockStored.class, batch.events().get(0));
        assertArrayEquals(new long[] {SMALL}, stored.blockHashes());
        assertNull(stored.medium());
        assertTrue(KvEvent.onGpu(stored.medium()), "no medium means the GPU cache");
        KvEvent.BlockRemoved removed = assertInstanceOf(KvEvent.BlockRemoved.class, batch.events().get(1));
        assertArrayEquals(new long[] {SMALL}, removed.blockHashes());
    }

    @Test
    void byteStringHashesBecomeTheirLastEightBytes() throws Exception {
        KvEventBatch batch = decode("93cb3ff00000000000009198ab426c6f636b53746f72656491c42063876f948a5f9ef88191c7d6554fbeeea5c622d4da15d0d527bd352623590b0dc0dc0010000102030405060708090a0b0c0d0e0f10c0a3475055c000");
        KvEvent.BlockStored stored = assertInstanceOf(KvEvent.BlockStored.class, batch.events().get(0));
        assertArrayEquals(new long[] {SMALL}, stored.blockHashes());
    }

    @Test
    void newerFieldsAreSkippedUnknownTagsDroppedOtherMediaKept() throws Exception {
        KvEventBatch batch = decode("93cb4000000000000000949cab426c6f636b53746f72656491cf27bd352623590b0dc0dc0010000102030405060708090a0b0c0d0e0f10c0a3475055c09192a76d6d2d686173680001a466756c6cc093ac536f6d657468696e674e6577010298ab426c6f636b53746f72656491cfc1b4060a29bae320c0dc0010000102030405060708090a0b0c0d0e0f10c0a3435055c094ac426c6f636b52656d6f76656491cfc1b4060a29bae320a34750550103");
        assertEquals(3, batch.dataParallelRank());
        assertEquals(3, batch.events().size(), "the unknown SomethingNew event is skipped");
        assertArrayEquals(new long[] {SMALL}, ((KvEvent.BlockStored) batch.events().get(0)).blockHashes());
        KvEvent.BlockStored offloaded = (KvEvent.BlockStored) batch.events().get(1);
        assertEquals("CPU", offloaded.medium());
        assertTrue(!KvEvent.onGpu(offloaded.medium()));
        assertArrayEquals(new long[] {BIG}, ((KvEvent.BlockRemoved) batch.events().get(2)).blockHashes());
    }

    @Test
    void structsEncodedAsMaps() throws Exception {
        KvEventBatch batch = decode("83a27473cb4008000000000000a66576656e74739288a474797065ab426c6f636b53746f726564ac626c6f636b5f68617368657391cf27bd352623590b0db1706172656e745f626c6f636b5f68617368c0a9746f6b656e5f696473dc0010000102030405060708090a0b0c0d0e0faa626c6f636b5f73697a6510a76c6f72615f6964c0a66d656469756da3475055a96c6f72615f6e616d65c083a474797065ac426c6f636b52656d6f766564ac626c6f636b5f68617368657391cf27bd352623590b0da66d656469756da3475055b2646174615f706172616c6c656c5f72616e6b01");
        assertEquals(3.0, batch.ts());
        assertEquals(1, batch.dataParallelRank());
        KvEvent.BlockStored stored = assertInstanceOf(KvEvent.BlockStored.class, batch.events().get(0));
        assertArrayEquals(new long[] {SMALL}, stored.blockHashes());
        assertArrayEquals(TOKENS, stored.tokenIds());
        assertInstanceOf(KvEvent.BlockRemoved.class, batch.events().get(1));
    }

    @Test
    void theSocketTestsEncoderWritesWhatPythonMsgpackWrites() {
        byte[] ours = new VllmEventEncoder().stored(new long[] {SMALL, BIG}, null, TOKENS, 16).removed(SMALL).cleared()
                .batch(1.5, 2);
        assertEquals("93cb3ff80000000000009398ab426c6f636b53746f72656492cf27bd352623590b0dcfc1b4060a29bae320c0dc0010000102030405060708090a0b0c0d0e0f10c0a3475055c093ac426c6f636b52656d6f76656491cf27bd352623590b0da347505591b0416c6c426c6f636b73436c656172656402",
                HexFormat.of().formatHex(ours));
    }

    @Test
    void notABatchIsRefusedWithWhatWasFound() {
        MalformedBatchException e = assertThrows(MalformedBatchException.class,
                () -> KvEventDecoder.decode(HexFormat.of().parseHex("a568656c6c6f")));
        assertTrue(e.getMessage().contains("STRING"), e.getMessage());
        assertThrows(MalformedBatchException.class, () -> KvEventDecoder.decode(HexFormat.of().parseHex("93cb")));
    }
}
