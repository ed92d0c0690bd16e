package io.grain.storage.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

class PgSmokeTest {
    @Test
    void starts() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             var c = pg.getPostgresDatabase().getConnection();
             var rs = c.createStatement().executeQuery("select version()")) {
            rs.next();
            org.slf4j.LoggerFactory.getLogger(PgSmokeTest.class).info("PG: {}", rs.getString(1));
        }
    }
}
