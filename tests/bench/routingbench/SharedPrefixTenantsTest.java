package bench.routingbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import sim.engine.SimOptions;
import tokens.ByteChunkTokenizer;

/**
 * shared-prefix-tenants has the published llm-d workload's shape at the stated scale (1/8 of every
 * token length and of the KV cache per pod, 4 pods with half the tenants): 75 tenants of 5 users,
 * 750-token prefixes, 150-token questions, 125-token answers, and a resident set (every prefix plus
 * every user's question) that is 73.2 % of the pool's KV cache, as 1.8 M of 8 x 307,328 tokens was.
 */
class SharedPrefixTenantsTest {
    private final SharedPrefixWorkload workload = (SharedPrefixWorkload) BenchPlan.sharedPrefixTenants(42);

    @Test
    void everyPromptIsATenantPrefixAndAQuestion() {
        List<String> prompts = workload.prompts();
        assertEquals(75 * 5, prompts.size());
        for (String prompt : prompts) {
            assertEquals(750 + 150, ByteChunkTokenizer.count(prompt), "prompt tokens");
        }
    }

    @Test
    void seventyFiveTenantsOfFiveUsersEachShareOnlyTheirOwnPrefix() {
        Map<String, Integer> usersByPrefix = new LinkedHashMap<>();
        for (String prompt : workload.prompts()) {
            usersByPrefix.merge(prefix(prompt, 750), 1, Integer::sum);
        }
        assertEquals(75, usersByPrefix.size(), "distinct 750-token prefixes");
        usersByPrefix.values().forEach(users -> assertEquals(5, users, "users per tenant"));
        assertEquals(75 * 5, workload.prompts().stream().distinct().count(), "every user's question is their own");
    }

    @Test
    void requestsAskForTheScaledOutputLength() {
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) {
            CompletionRequest request = workload.next(random);
            assertEquals(125, request.maxTokens());
            assertEquals(BenchPlan.MODEL, request.model());
        }
    }

    @Test
    void theResidentSetIsThePublishedShareOfThePoolsKvCache() {
        SimOptions sim = BenchPlan.tenantSimOptions();
        assertEquals(2401, sim.kvCacheSize);
        long poolTokens = (long) BenchPlan.TENANT_PODS * sim.kvCacheSize * sim.blockSize;
        long resident = 75L * (750 + 5 * 150);
        assertEquals(1_800_000.0 / (8 * 307_328), (double) resident / poolTokens, 1e-3);
        assertEquals(0.732, (double) resident / poolTokens, 1e-3);
    }

    @Test
    void theFullPlanRunsItOnItsOwnPoolAndQuickAndSmokeLeaveItOut() {
        BenchPlan.WorkloadPlan tenants = BenchPlan.of(BenchPlan.Size.FULL, 42).only(List.of("shared-prefix-tenants"), null)
                .workloads().get(0);
        assertEquals(4, tenants.pods());
        assertEquals(2401, tenants.sim().kvCacheSize);
        assertEquals(256, tenants.sim().maxNumBatchedTokens, "vLLM's 2,048-token chunk, scaled by 1/8: prefill stalls decode");
        assertEquals(32, tenants.sim().maxNumSeqs);
        assertEquals(0, BenchPlan.simOptions().maxNumBatchedTokens, "the default pool keeps llm-d-inference-sim's timings");
        String approximate = tenants.eppConfig(Router.EPP);
        assertTrue(approximate.contains("maxPrefixBlocksToMatch: 32") && approximate.contains("lruCapacityPerServer: 3906"), approximate);
        assertEquals(Router.EPP_LOAD_ONLY.eppConfig(), tenants.eppConfig(Router.EPP_LOAD_ONLY));
        BenchPlan.WorkloadPlan sharedPrefix = BenchPlan.of(BenchPlan.Size.FULL, 42).workloads().get(0);
        assertNull(sharedPrefix.eppConfig(Router.EPP), "the chart's default profile as it is");
        for (BenchPlan.Size size : List.of(BenchPlan.Size.QUICK, BenchPlan.Size.SMOKE)) {
            assertEquals(List.of("shared-prefix"), BenchPlan.of(size, 42).workloads().stream().map(w -> w.workload().name()).toList());
        }
    }

    private static String prefix(String prompt, int tokens) {
        // RandomText words are one token each, separated by single spaces
        int at = 0;
        for (int i = 0; i < tokens; i++) {
            at = prompt.indexOf(' ', at) + 1;
        }
        return prompt.substring(0, at);
    }
}
