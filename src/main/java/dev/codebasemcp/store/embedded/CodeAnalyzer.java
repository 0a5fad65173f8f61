package dev.codebasemcp.store.embedded;

import org.apache.lucene.analysis.Analyzer;

/** The analyzer of the lexical fields: {@link dev.codebasemcp.store.CodeTokens} terms, nothing else. */
final class CodeAnalyzer extends Analyzer {

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        return new TokenStreamComponents(new CodeTokenizer());
    }
}
