/**
 * Embedding: the {@link dev.codebasemcp.indexing.embed.Embedder} port (text to unit-length vectors, documents and
 * queries handled as the model expects) and its in-process adapters:
 * {@link dev.codebasemcp.indexing.embed.OnnxEmbedder} (default; bge-small-en-v1.5 int8 on ONNX Runtime, model files
 * from the langchain4j artifact) and {@link dev.codebasemcp.indexing.embed.HashingEmbedder} (deterministic, no model;
 * for tests and {@code EMBEDDING_PROVIDER=hash}). {@link dev.codebasemcp.indexing.embed.TokenCounter} lets the
 * indexer size chunks in model tokens. Imports only the root value package; nothing from store, search, jobs, mcp
 * or the other indexing stages. Remote providers (Ollama, OpenAI-compatible) would also live here.
 */
package dev.codebasemcp.indexing.embed;
