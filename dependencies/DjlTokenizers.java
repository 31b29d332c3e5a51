// DJL's binding of Hugging Face's Rust tokenizers: tokens.HuggingFaceTokenizer reads a model's
// tokenizer.json and tokenizes exactly as the model server does (the precise prefix-cache scorer).
// Its jar bundles the linux x86_64/aarch64 native library, so nothing is downloaded at run time.
//DEPS ai.djl.huggingface:tokenizers:0.38.0
