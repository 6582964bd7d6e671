package org.virtfx.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.virtfx.core.network.NetworkSummary;

class EventBusTest {

    private static NetworkEvent started(String name) {
        return new NetworkEvent(new NetworkSummary(name, UUID.randomUUID(), true, true, false, "virbr0"),
                NetworkEvent.Type.STARTED);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersAndClosingUnsubscribes() {
        EventBus bus = new EventBus();
        List<String> seen = new ArrayList<>();
        bus.subscribe(event -> {
            throw new IllegalStateException("listener bug");
        });
        EventSource.Subscription subscription = bus.subscribe(event -> seen.add(((NetworkEvent) event).network().name()));
        bus.publish(started("a"));
        subscription.close();
        bus.publish(started("b"));
        assertEquals(List.of("a"), seen);
    }
}
