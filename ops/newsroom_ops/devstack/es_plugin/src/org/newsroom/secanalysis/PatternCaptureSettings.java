package org.newsroom.secanalysis;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.ListSetting;

import java.util.List;

@AnalysisSettings
public interface PatternCaptureSettings {
    @ListSetting(path = "patterns")
    List<String> patterns();

    @BooleanSetting(path = "preserve_original", defaultValue = true)
    boolean preserveOriginal();
}
