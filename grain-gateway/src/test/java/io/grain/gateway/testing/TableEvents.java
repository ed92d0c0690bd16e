package io.grain.gateway.testing;

import io.grain.annotation.ClientObserver;
import io.grain.annotation.OneWay;

import java.util.List;

/** What a table pushes to its players: the processor generates TableEventsPush and the TableEvents service. */
@ClientObserver("table_events")
public interface TableEvents {
    @OneWay
    void dealt(String table, int round, List<String> cards);

    /**
     * {@code long}: proto3 JSON prints it as a string. The parameter is called {@code principal}
     * like the push client's own field, which must not confuse the generated code.
     */
    void scored(String principal, long score);
}
