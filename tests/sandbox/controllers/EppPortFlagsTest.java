package sandbox.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** EPP pods share this machine's addresses, so their port flags are replaced by host ports of their own. */
class EppPortFlagsTest {
    @Test
    void defaultedPortsAreAddedAsHostPortsAndMapTheContainerPorts() {
        AtomicInteger next = new AtomicInteger(40000);

        var mapped = EppPortFlags.map(List.of("--pool-name", "p", "--v=1"), next::getAndIncrement);

        assertEquals(List.of("--pool-name", "p", "--v=1", "--grpc-port=40000", "--grpc-health-port=40001", "--metrics-port=40002"),
                mapped.args());
        assertEquals(Map.of(9002, 40000, 9003, 40001, 9090, 40002), mapped.hostPortByContainerPort());
    }

    @Test
    void givenPortsInEitherFormAreReplacedAndTheirContainerPortsMapped() {
        AtomicInteger next = new AtomicInteger(50000);

        var mapped = EppPortFlags.map(List.of("--grpc-port", "9100", "-metrics-port=9191", "--pool-name=p"), next::getAndIncrement);

        assertEquals(List.of("--pool-name=p", "--grpc-port=50000", "--grpc-health-port=50001", "--metrics-port=50002"), mapped.args());
        assertEquals(Map.of(9100, 50000, 9003, 50001, 9191, 50002), mapped.hostPortByContainerPort());
    }
}
