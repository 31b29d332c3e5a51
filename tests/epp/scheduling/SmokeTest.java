package epp.scheduling;

import static epp.scheduling.TestEndpoints.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.datastore.Endpoint;
import epp.scheduling.config.SchedulerLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void defaultSchedulerPicksLeastLoaded() throws Exception {
        Endpoint busy = endpoint("busy", "10.0.0.1", metrics(10, 0.9));
        Endpoint idle = endpoint("idle", "10.0.0.2", metrics(0, 0.1));
        var ds = new FakeDatastore(busy, idle);
        var scheduler = SchedulerLoader.defaultScheduler(handle(ds, 1));
        var result = scheduler.schedule(completion("r1", "m", "hello"), List.of(busy, idle));
        assertEquals(List.of(idle), result.primaryTargets());
    }
}
