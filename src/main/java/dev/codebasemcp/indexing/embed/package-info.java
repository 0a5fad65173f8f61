/**
 * Embedding: the {@link dev.codebasemcp.indexing.embed.Embedder} port (text to unit-length vectors, documents and
 * queries handled as the model expects) and its adapters:
 * {@link dev.codebasemcp.indexing.embed.OnnxEmbedder} (default; an {@link dev.codebasemcp.indexing.embed.OnnxModel},
 * bge-small-en-v1.5 or all-MiniLM-L6-v2 int8, on ONNX Runtime, model files from the langchain4j artifacts; documents
 * cut to a token budget by {@code DocumentBudget}) and {@link dev.codebasemcp.indexing.embed.HashingEmbedder}
 * (deterministic, no model; for tests and {@code EMBEDDING_PROVIDER=hash}) in-process, and
 * {@link dev.codebasemcp.indexing.embed.RemoteEmbedder} for a server over HTTP (a
 * {@link dev.codebasemcp.indexing.embed.RemoteModel} on Ollama or an OpenAI-compatible {@code /embeddings} endpoint,
 * per {@link dev.codebasemcp.indexing.embed.RemoteApi}; JDK {@code HttpClient} and Jackson). The
 * {@link dev.codebasemcp.indexing.embed.DocumentEmbeddings} port is what the indexer asks for document vectors;
 * {@link dev.codebasemcp.indexing.embed.CachedDocumentEmbeddings} serves it through the shared
 * {@link dev.codebasemcp.store.EmbeddingCache}. {@link dev.codebasemcp.indexing.embed.TokenCounter} counts model
 * tokens. Imports the root value package and the store's {@code EmbeddingCache} port only; nothing from search, jobs,
 * mcp or the other indexing stages.
 */
package dev.codebasemcp.indexing.embed;
