package org.ttsaudit.pipeline.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the versioned migrations in {@code sql/migrations} (packaged on the classpath). */
public final class Migrations {
    public static final String LOCATION = "classpath:sql/migrations";

    private Migrations() {}

    public static MigrateResult apply(String url, String user, String password) {
        return Flyway.configure()
                .dataSource(url, user, password)
                .locations(LOCATION)
                .load()
                .migrate();
    }
}
