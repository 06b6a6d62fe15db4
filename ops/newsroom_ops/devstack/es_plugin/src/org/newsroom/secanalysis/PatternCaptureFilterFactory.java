package org.newsroom.secanalysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * `pattern_capture` as in the analysis-common module (which the integ-test-zip lacks).
 * Elasticsearch also builds every stable-plugin filter once with empty settings for each new
 * index, so the constructor must accept a missing `patterns`; only using it that way fails.
 */
@NamedComponent("pattern_capture")
public class PatternCaptureFilterFactory implements TokenFilterFactory {
    private final Pattern[] patterns;
    private final boolean preserveOriginal;

    @Inject
    public PatternCaptureFilterFactory(PatternCaptureSettings settings) {
        List<String> raw = settings.patterns();
        this.patterns = raw == null ? new Pattern[0] : raw.stream().map(Pattern::compile).toArray(Pattern[]::new);
        this.preserveOriginal = settings.preserveOriginal();
    }

    @Override
    public TokenStream create(TokenStream in) {
        if (patterns.length == 0) {
            throw new IllegalArgumentException("pattern_capture requires [patterns]");
        }
        return new PatternCaptureGroupTokenFilter(in, preserveOriginal, patterns);
    }
}
