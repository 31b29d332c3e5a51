// Jinjava: tokens.ChatTemplate renders a model's Jinja chat template, as vLLM does before it tokenizes a
// chat request, so the precise prefix-cache scorer hashes the same tokens.
//DEPS com.hubspot.jinjava:jinjava:2.8.4
