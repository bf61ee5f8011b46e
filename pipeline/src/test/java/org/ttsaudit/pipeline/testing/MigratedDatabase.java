package org.ttsaudit.pipeline.testing;

import java.nio.file.Path;
import org.ttsaudit.pipeline.db.Migrations;
import org.ttsaudit.testing.EmbeddedDatabase;

/** A server of the given kind with the job's migrations and roles applied, as a deployment has it. */
public final class MigratedDatabase {
    private MigratedDatabase() {}

    public static EmbeddedDatabase start(EmbeddedDatabase.Kind kind, String testName) throws Exception {
        EmbeddedDatabase db = kind.start(Path.of("target", "it-" + testName, kind.name().toLowerCase()));
        try {
            migrate(db);
        } catch (Exception e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** The migrations, then the roles (they grant on the migrated tables). */
    public static void migrate(EmbeddedDatabase db) throws Exception {
        Migrations.apply(db.url(), db.adminUser(), db.adminPassword());
        db.grantRoles();
    }
}
