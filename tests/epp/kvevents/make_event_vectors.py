#!/usr/bin/python3
# KV-event payloads encoded independently of the EPP's decoder: python-msgpack (Debian:
# apt-get install python3-msgpack) packing vLLM's structures the way msgspec encodes them
# (vllm/distributed/kv_events.py): array_like tagged structs, omit_defaults dropping trailing
# fields left at their default, ints in their shortest form, floats as float64, bytes as bin.
# Run: /usr/bin/python3 THIS  and paste the hex into KvEventDecoderTest.
import msgpack

def pack(obj):
    return msgpack.packb(obj, use_bin_type=True).hex()

TOKENS = list(range(16))
BIG = 0xC1B4060A29BAE320          # above 2^63: msgpack uint64
SMALL = 0x27BD352623590B0D

# Current vLLM: BlockStored(block_hashes, parent_block_hash, token_ids, block_size, lora_id, medium,
# lora_name[, extra_keys, group_idx, kv_cache_spec_kind, kv_cache_spec_sliding_window: defaults omitted]);
# BlockRemoved(block_hashes, medium[, group_idx]); batch (ts, events, data_parallel_rank).
current = [1733300000.25, [
    ["BlockStored", [SMALL, BIG], None, TOKENS + TOKENS, 16, None, "GPU", None],
    ["BlockStored", [7], BIG, TOKENS, 16, 3, "GPU", "sql-lora"],
    ["BlockRemoved", [SMALL], "GPU"],
    ["AllBlocksCleared"],
], 0]
print("current", pack(current))

# vLLM 0.9/0.10: no medium, no lora_name, no rank.
old = [1733300000.5, [["BlockStored", [SMALL], None, TOKENS, 16, None], ["BlockRemoved", [SMALL]]]]
print("old", pack(old))

# VLLM_KV_EVENTS_USE_INT_BLOCK_HASHES=0: 32-byte sha256 hashes as bytes.
digest = bytes.fromhex("63876f948a5f9ef88191c7d6554fbeeea5c622d4da15d0d527bd352623590b0d")
print("bytes", pack([1.0, [["BlockStored", [digest], None, TOKENS, 16, None, "GPU", None]], 0]))

# Newer fields present, an event tag this decoder does not know, a CPU (offloaded) block.
newer = [2.0, [
    ["BlockStored", [SMALL], None, TOKENS, 16, None, "GPU", None, [["mm-hash", 0]], 1, "full", None],
    ["SomethingNew", 1, 2],
    ["BlockStored", [BIG], None, TOKENS, 16, None, "CPU", None],
    ["BlockRemoved", [BIG], "GPU", 1],
], 3]
print("newer", pack(newer))

# msgspec structs without array_like: maps, the tag under "type".
as_map = {"ts": 3.0, "events": [
    {"type": "BlockStored", "block_hashes": [SMALL], "parent_block_hash": None, "token_ids": TOKENS,
     "block_size": 16, "lora_id": None, "medium": "GPU", "lora_name": None},
    {"type": "BlockRemoved", "block_hashes": [SMALL], "medium": "GPU"},
], "data_parallel_rank": 1}
print("map", pack(as_map))

# What the tests' VllmEventEncoder must write, byte for byte.
print("encoder", pack([1.5, [["BlockStored", [SMALL, BIG], None, TOKENS, 16, None, "GPU", None],
                             ["BlockRemoved", [SMALL], "GPU"], ["AllBlocksCleared"]], 2]))
