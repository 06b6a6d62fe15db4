package org.newsroom.secanalysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

import java.io.IOException;

/** `unique` (only_on_same_position=false): drops a term seen earlier in the stream. */
@NamedComponent("unique")
public class UniqueFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream in) {
        return new TokenFilter(in) {
            private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
            private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
            private final CharArraySet seen = new CharArraySet(8, false);

            @Override
            public boolean incrementToken() throws IOException {
                int skipped = 0;
                while (input.incrementToken()) {
                    char[] buf = term.buffer();
                    int len = term.length();
                    if (seen.contains(buf, 0, len)) {
                        skipped += posInc.getPositionIncrement();
                        continue;
                    }
                    char[] copy = new char[len];
                    System.arraycopy(buf, 0, copy, 0, len);
                    seen.add(copy);
                    posInc.setPositionIncrement(posInc.getPositionIncrement() + skipped);
                    return true;
                }
                return false;
            }

            @Override
            public void reset() throws IOException {
                super.reset();
                seen.clear();
            }
        };
    }
}
