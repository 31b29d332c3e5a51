#!/usr/bin/python3
# Independent test vectors for tokens.VllmBlockHasher, computed the way vLLM does
# (vllm/v1/core/kv_cache_utils.py hash_block_tokens + vllm/utils/hashing.py sha256_cbor) with
# cbor2, the library vLLM uses (Debian: apt-get install python3-cbor2). Run: /usr/bin/python3 THIS
# and paste the output into VllmBlockHasherTest.
import hashlib
import cbor2

def sha256_cbor(obj):
    return hashlib.sha256(cbor2.dumps(obj, canonical=True)).digest()

def block_hashes(seed, tokens, block_size, lora=None, salt=None):
    none_hash = sha256_cbor(seed)
    parent, out = None, []
    for b in range(len(tokens) // block_size):
        extra = ([lora] if lora else []) + ([salt] if (b == 0 and salt) else [])
        h = sha256_cbor((parent or none_hash, tuple(tokens[b * block_size:(b + 1) * block_size]),
                         tuple(extra) if extra else None))
        out.append(h)
        parent = h
    return none_hash, out

def external(h):
    return int.from_bytes(h, "big") & ((1 << 64) - 1)

cases = [
    ("plain", "42", list(range(40)), 16, None, None),
    ("bigIds", "0", [1, 23, 24, 255, 256, 65535, 65536, 128000, 4294967295, 7, 9, 11], 4, None, None),
    ("lora", "42", list(range(32)), 16, "sql-lora", None),
    ("salt", "42", list(range(32)), 16, None, "tenant-a"),
    ("loraAndSalt", "", list(range(100, 132)), 16, "sql-lora", "tenant-a"),
]
for name, seed, tokens, bs, lora, salt in cases:
    none_hash, hashes = block_hashes(seed, tokens, bs, lora, salt)
    print(name, "noneHash", none_hash.hex())
    for h in hashes:
        print(name, h.hex(), "0x%016xL" % external(h))
