package dev.codebasemcp.indexing.embed;

/**
 * Counts tokens the way an embedding model sees text, so the indexer can size chunks by tokens rather than lines.
 * Implemented by embedders that have a tokenizer; a text is fully seen by the model iff
 * {@code countTokens(text) <= maxTokens()}, and everything past {@link #maxTokens()} is silently ignored by the model.
 */
public interface TokenCounter {

    /** Tokens the model would read for this document text without truncation, including special tokens. */
    int countTokens(String text);

    /** The tokens the model reads of a document, special tokens included: the token budget (at most 512 for bge). */
    int maxTokens();
}
