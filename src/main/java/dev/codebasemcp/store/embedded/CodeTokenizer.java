package dev.codebasemcp.store.embedded;

import dev.codebasemcp.store.CodeTokens;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Emits {@link CodeTokens#terms} of the whole input as consecutive positions. Offsets are not tracked (the lexical
 * field indexes documents and frequencies only; nothing is highlighted), so every token spans the whole input.
 */
final class CodeTokenizer extends Tokenizer {

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final StringBuilder text = new StringBuilder(4096);
    private final char[] buffer = new char[4096];
    private Iterator<String> terms;
    private int length;

    @Override
    public boolean incrementToken() throws IOException {
        if (terms == null) {
            text.setLength(0);
            for (int n = input.read(buffer); n != -1; n = input.read(buffer)) {
                text.append(buffer, 0, n);
            }
            length = text.length();
            List<String> all = CodeTokens.terms(text.toString());
            terms = all.iterator();
        }
        if (!terms.hasNext()) {
            return false;
        }
        clearAttributes();
        termAtt.append(terms.next());
        offsetAtt.setOffset(correctOffset(0), correctOffset(length));
        return true;
    }

    @Override
    public void end() throws IOException {
        super.end();
        int last = correctOffset(length);
        offsetAtt.setOffset(last, last);
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        terms = null;
        length = 0;
    }

    @Override
    public void close() throws IOException {
        super.close();
        if (text.capacity() > 1 << 20) {
            text.setLength(0);
            text.trimToSize();
        }
    }
}
