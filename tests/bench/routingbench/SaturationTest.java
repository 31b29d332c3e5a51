package bench.routingbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.metrics.ExpositionParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operational saturation rule and the headline stage it picks. */
class SaturationTest {
    private static StageResult stage(double rate, long due, long completedInWindow) {
        StageResult stage = new StageResult(rate, 10);
        stage.windowSeconds = 7.5;
        stage.dueWindowSeconds = 7.5;
        stage.dueInWindow = due;
        stage.completedInWindow = completedInWindow;
        return stage;
    }

    @Test
    void saturationIsTheFirstStageThatDoesNotKeepUpAndTheHeadlineTheFirstAtSeventyPercentBelowIt() {
        var saturation = Saturation.of(List.of(stage(4, 30, 30), stage(8, 60, 61), stage(12, 90, 88), stage(16, 120, 96), stage(20, 150, 100)));

        assertEquals(16, saturation.rate());
        assertEquals(2, saturation.headlineStage(), "12 req/s is the lowest stage at or above 70 % of 16");
        assertTrue(saturation.explanation().contains("headline stage 12 req/s = 75 % of saturation"), saturation.explanation());
    }

    @Test
    void whenNoStageReachesSeventyPercentTheHighestStageBelowSaturationIsTheHeadline() {
        var saturation = Saturation.of(List.of(stage(2, 15, 15), stage(4, 30, 30), stage(10, 75, 40)));

        assertEquals(1, saturation.headlineStage());
    }

    @Test
    void aPoolThatKeepsUpEverywhereHasNoSaturationRateAndTheHighestStageIsTheHeadline() {
        var saturation = Saturation.of(List.of(stage(2, 15, 15), stage(4, 30, 29)));

        assertTrue(Double.isNaN(saturation.rate()));
        assertEquals(1, saturation.headlineStage());
        assertTrue(saturation.explanation().contains("kept up at every stage"), saturation.explanation());
    }

    @Test
    void prefixCacheCountersSumEveryLabelSetOfTheCounter() throws Exception {
        String exposition = """
                # HELP vllm:prefix_cache_hits_total Prefix cache hits, in terms of number of cached tokens.
                # TYPE vllm:prefix_cache_hits_total counter
                vllm:prefix_cache_hits_total{engine="0",model_name="m"} 96.0
                vllm:prefix_cache_hits_total{engine="1",model_name="m"} 4.0
                vllm:prefix_cache_queries_total{engine="0",model_name="m"} 400.0
                """;

        var parsed = new ExpositionParser(List.of(PrefixCacheCounters.HITS, PrefixCacheCounters.QUERIES)).parse(exposition);
        assertEquals(100.0, PrefixCacheCounters.sum(parsed, PrefixCacheCounters.HITS));
        assertEquals(400.0, PrefixCacheCounters.sum(parsed, PrefixCacheCounters.QUERIES));
    }
}
