#!/usr/bin/python3
# Writes tokenizer.json: a small BPE tokenizer in Hugging Face's tokenizer.json format, made by
# the project for tests and the simulator (no downloaded model). Every printable ASCII character is
# a token, plus merges of common English letter pairs and a few words; whitespace splits words (as
# the "Whitespace" pre-tokenizer does); "<s>" is prepended when special tokens are added, like
# Llama's BOS. Run: /usr/bin/python3 tokens/tiny/make_tokenizer.py > tokens/tiny/tokenizer.json
import json

specials = ["<s>", "</s>", "<unk>"]
chars = [chr(c) for c in range(33, 127)]
pairs = ["th", "he", "in", "er", "an", "re", "on", "at", "en", "nd", "ti", "es", "or", "te", "of", "ed",
         "is", "it", "al", "ar", "st", "to", "nt", "ng", "se", "ha", "as", "ou", "io", "le", "ve", "co",
         "me", "de", "hi", "ri", "ro", "ic", "ne", "ea", "ra", "ce"]
words = [("th", "e"), ("an", "d"), ("in", "g"), ("io", "n"), ("t", "ion"), ("th", "at"), ("er", "s"),
         ("s", "t"), ("ou", "r"), ("y", "ou")]
vocab = {}
for token in specials + chars:
    vocab[token] = len(vocab)
merges = []
for p in pairs:
    merges.append(p[0] + " " + p[1])
    vocab.setdefault(p, len(vocab))
for a, b in words:
    if a + b not in vocab:
        merges.append(a + " " + b)
        vocab[a + b] = len(vocab)

tokenizer = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [
        {"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True} for t in specials],
    "normalizer": None,
    "pre_tokenizer": {"type": "Whitespace"},
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"Sequence": {"id": "B", "type_id": 1}}],
        "special_tokens": {"<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]}},
    },
    "decoder": None,
    "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
              "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
              "vocab": vocab, "merges": merges},
}
print(json.dumps(tokenizer, indent=1, ensure_ascii=True))
