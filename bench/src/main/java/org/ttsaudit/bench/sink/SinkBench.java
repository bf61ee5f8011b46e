package org.ttsaudit.bench.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.ttsaudit.bench.BenchContext;
import org.ttsaudit.bench.CpuLoad;
import org.ttsaudit.bench.Figure;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.bench.Suite;
import org.ttsaudit.testing.EmbeddedDatabase;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.db.Migrations;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.sinks.AuditLogTable;
import org.ttsaudit.pipeline.sinks.JdbcSettings;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * The audit-log sink against the ways one could write the same rows into the real migrated
 * {@code tts_generation_log} on the embedded MariaDB server: the table is emptied before every
 * run and counted after it, so each contender writes the same N rows into the same empty table.
 */
public final class SinkBench implements Suite {
    private static final String SUITE = "sink";
    private static final String UNIT = "rows/s";

    @Override
    public String name() {
        return "audit-log sink";
    }

    @Override
    public String method() {
        return "each supported server (MariaDB 11.4 and Oracle MySQL 8.0, embedded, from Maven Central) with the real "
                + "migrations; the same N generated audit rows (masked Chinese text, JSON emotion vectors and mask counts, all "
                + "three outcomes) for every contender, the table truncated before each run and its row count checked after; "
                + "rates are rows over the contender's own time, median of the measured runs after a warm-up run. The per-row "
                + "baseline writes as many of the rows as fit in its time cap. Ours is the job's audit-log sink "
                + "(flink-connector-jdbc's JdbcSink running AuditLogTable's upsert, built by JdbcSettings from the job's "
                + "configuration) in a Flink job on a local MiniCluster behind a generator source, timed from the source "
                + "making the first row to the end of the job; the connector with its defaults is the same JdbcSink with "
                + "JdbcExecutionOptions.defaults() on the plain JDBC URL";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (EmbeddedDatabase.Kind kind : EmbeddedDatabase.Kind.values()) {
            figures.addAll(run(ctx, kind));
        }
        ctx.note("Audit-log sink, before and after: until 2026-12-02 the job wrote through a sink of its own (multi-row "
                + "upserts bound once, prepared on the server, over two connections beside the task); its last figure, from "
                + "an earlier run on another machine (an Intel Xeon, BENCHMARKS.md of 2026-11-25), was 53,502 rows/s, 0.80x "
                + "LOAD DATA and 21.4x one transaction per row. The job now writes through flink-connector-jdbc's JdbcSink, "
                + "extended only where the connector means it to be: our JdbcQueryStatement (the upsert, typed setters), a "
                + "connection provider (the password read at connect time), its execution options, and the sink's "
                + "parallelism. Its speed comes from the driver settings JdbcSettings adds to the URL (rewriteBatchedStatements: "
                + "the connector's JDBC batch goes as multi-row upserts; cachePrepStmts) and from sink.writers=2 (two sink "
                + "subtasks per job subtask, so one binds a batch while the other's runs on the server). Statements are "
                + "prepared on the client: prepared on the server (useServerPrepStmts), the same multi-row upsert made "
                + "2,072..2,558 rows/s on MySQL 8.0 against 5,894..9,430 prepared on the client, and on MariaDB "
                + "9,848..11,269 against 6,781..10,166 (a probe of 20,000 rows, one connection, three rounds, 2026-12-02 on "
                + "this machine): a third on one server, within the spread on the other, so the client it is; a MariaDB "
                + "deployment may add useServerPrepStmts=true to mysql.url. The trade-offs: the "
                + "task waits for each batch to commit, so throughput comes from more writers (and task slots: the "
                + "audit-log sink becomes the widest operator) instead of one writer's lanes, and the driver binds every "
                + "row twice (once into the batch, once into the rewritten statement).");
        return figures;
    }

    private List<Figure> run(BenchContext ctx, EmbeddedDatabase.Kind kind) throws Exception {
        int n = ctx.size(50_000, 2_000);
        double perRowCap = ctx.quick ? 1 : 6;
        int warmups = ctx.quick ? 0 : 1;
        int rounds = ctx.quick ? 1 : 5;
        String server = kind.label;
        ctx.say("sink: starting " + server + "; " + n + " rows per contender, " + rounds + " round(s) after " + warmups
                + " warm-up");
        try (EmbeddedDatabase mysql = kind.start(ctx.workDir.resolve("sink-" + kind.name().toLowerCase()))) {
            Migrations.apply(mysql.url(), mysql.adminUser(), mysql.adminPassword());
            mysql.grantRoles();
            describeServer(ctx, mysql);
            AuditRows generator = new AuditRows();
            List<AuditRecord> rows = LongStream.range(0, n).mapToObj(generator::row).toList();
            String url = mysql.url();
            String user = EmbeddedDatabase.WRITER;
            String password = mysql.writerPassword();
            Configuration job = jobConfig(mysql);
            Sink<AuditRecord> sink = JdbcSettings.from(job).sink(AuditLogTable.upsert());
            int writers = job.get(TtsOptions.SINK_WRITERS);
            String settings = job.get(TtsOptions.SINK_BATCH) + "/batch, rewriteBatchedStatements, cachePrepStmts";
            FlinkSinkJob ours = new FlinkSinkJob("ours: JdbcSink as the job builds it (sink.writers=" + writers + ", "
                    + settings + ")", job, TtsJob.auditLog(sink, writers), n, generator);
            FlinkSinkJob oneWriter = new FlinkSinkJob("ours with sink.writers=1 (" + settings + ")", job,
                    TtsJob.auditLog(sink, 1), n, generator);
            // Without the driver settings every row is a statement and a commit: a tenth of the rows gives its rate.
            FlinkSinkJob defaults = new FlinkSinkJob("flink-connector-jdbc JdbcSink, its defaults (5000/batch, plain URL, "
                    + "one writer; " + n / 10 + " rows a run)", job, TtsJob.to(JdbcSink.<AuditRecord>builder()
                            .withQueryStatement(AuditLogTable.upsert()).buildAtLeastOnce(
                            new JdbcConnectionOptions.JdbcConnectionOptionsBuilder().withUrl(url)
                                    .withDriverName("com.mysql.cj.jdbc.Driver").withUsername(user).withPassword(password)
                                    .build()), "audit-log-mysql"), n / 10, generator);
            List<Contender> contenders = List.of(
                    new RowPerTransaction(url, user, password, perRowCap),
                    new LoadDataInfile(url, user, password),
                    ours,
                    defaults,
                    oneWriter);
            List<Measured> m = measure(ctx, mysql, contenders, rows, warmups, rounds);
            Measured perRow = m.get(0);
            Measured load = m.get(1);
            Measured fast = m.get(2);
            Measured plain = m.get(3);
            Measured single = m.get(4);
            ctx.fact("sink rows, " + server, n + " per contender and run (the per-row baseline: as many as fit in "
                    + (int) perRowCap + " s, " + perRow.rows + " in its last run); deploying the Flink job, excluded from "
                    + "its figure, took " + String.format("%.1f s", ours.lastDeploySeconds()));
            String limitOurs = "CPU: both cores are busy (see the CPU figures); the driver folds each batch of the "
                    + "connector into multi-row INSERT ... ON DUPLICATE KEY UPDATE statements, "
                    + "the server updates the table's primary, unique and secondary indexes; client, server and Flink "
                    + "share the 2 cores, and the task waits for each batch. LOAD DATA skips the upsert and sends one stream";
            return List.of(
                    fast.figure(server + ": ours vs LOAD DATA").against(load.name, load.median()).goal(0.6).limit(limitOurs),
                    fast.figure(server + ": ours vs one transaction per row").against(perRow.name, perRow.median()).goal(20)
                            .limit(limitOurs),
                    fast.figure(server + ": ours vs the connector's defaults").against(plain.name, plain.median())
                            .limit("what the driver settings add: without them Connector/J sends the connector's batch "
                                    + "one statement per row, each parsed by the server"),
                    fast.figure(server + ": ours vs ours with one writer").against(single.name, single.median())
                            .limit("what the second writer adds: one binds its batch while the other's runs on the server"),
                    load.figure(server + ": LOAD DATA vs one transaction per row").against(perRow.name, perRow.median())
                            .limit("the server parsing tab-separated text and updating the indexes; one transaction, no upsert"),
                    perRow.figure(server + ": one transaction per row (baseline)")
                            .limit("two round trips (SELECT 1, INSERT) and one redo-log flush per row: bound by latency, "
                                    + "not CPU, so it moves with the disk's fsync time"));
        }
    }

    /** The job's configuration as TtsJob builds it, pointed at this server, with the writer account. */
    static Configuration jobConfig(EmbeddedDatabase mysql) {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_URL, mysql.url());
        config.set(TtsOptions.MYSQL_USER, EmbeddedDatabase.WRITER);
        config.set(TtsOptions.MYSQL_PASSWORD, mysql.writerPassword());
        return config;
    }

    /** A contender's rates over its runs. */
    private record Measured(String name, Runs.Result result, int rows, String cpu) {
        double median() {
            return result.median();
        }

        Figure figure(String title) {
            return Figure.of(SUITE, title, median(), UNIT, true)
                    .detail(name + ", " + rows + " rows a run, " + result.spread(UNIT) + "; " + cpu);
        }
    }

    /** Every contender in rounds; before each run the table is emptied, after it the rows are counted. */
    private static List<Measured> measure(BenchContext ctx, EmbeddedDatabase mysql, List<Contender> contenders,
                                          List<AuditRecord> rows, int warmups, int rounds) throws Exception {
        int[] written = new int[contenders.size()];
        String[] cpu = new String[contenders.size()];
        List<Runs.Run> runs = new ArrayList<>();
        for (int i = 0; i < contenders.size(); i++) {
            Contender contender = contenders.get(i);
            int index = i;
            runs.add(() -> {
                truncate(mysql);
                double[] before = CpuLoad.processSeconds();
                Contender.Written w = contender.write(rows);
                double[] after = CpuLoad.processSeconds();
                cpu[index] = String.format(Locale.ROOT, "CPU in its last run: this JVM %.1f s, database server %.1f s, in %.1f s",
                        after[0] - before[0], after[1] - before[1], w.seconds());
                long count = count(mysql);
                if (count != w.rows()) {
                    throw new IllegalStateException(contender.name() + " reported " + w.rows() + " rows but the table holds " + count);
                }
                written[index] = w.rows();
                return w.rate();
            });
        }
        List<Runs.Result> results = Runs.rounds(warmups, rounds, runs);
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < contenders.size(); i++) {
            Runs.Result r = results.get(i);
            ctx.say(String.format("sink: %-62s %,10.0f rows/s  (%s)", contenders.get(i).name(), r.median(), r.spread(UNIT)));
            measured.add(new Measured(contenders.get(i).name(), r, written[i], cpu[i]));
        }
        return measured;
    }

    /**
     * Empties the table. InnoDB's background work right after the migrations can hold a lock that
     * TRUNCATE waits on (seen once as a 50 s lock-wait timeout), so it waits 5 s at a time and tries again.
     */
    private static void truncate(EmbeddedDatabase mysql) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = mysql.adminConnection(); Statement s = c.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = 5");
                s.execute("TRUNCATE TABLE " + AuditLogTable.TABLE);
                return;
            } catch (SQLTransactionRollbackException e) {
                if (attempt == 6) {
                    throw e;
                }
            }
        }
    }

    private static long count(EmbeddedDatabase mysql) throws Exception {
        try (Connection c = mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + AuditLogTable.TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Records the server's version and the settings that decide these figures; LOAD DATA LOCAL needs local_infile. */
    private static void describeServer(BenchContext ctx, EmbeddedDatabase mysql) throws Exception {
        try (Connection c = mysql.adminConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT @@local_infile")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    s.execute("SET GLOBAL local_infile = 1");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT VERSION(), @@innodb_flush_log_at_trx_commit, "
                    + "@@innodb_buffer_pool_size, @@max_allowed_packet, @@log_bin, @@local_infile")) {
                rs.next();
                ctx.fact(mysql.kind().label, rs.getString(1) + " (embedded), innodb_flush_log_at_trx_commit="
                        + rs.getInt(2) + ", innodb_buffer_pool_size=" + rs.getLong(3) / (1 << 20) + " MiB, max_allowed_packet="
                        + rs.getLong(4) / (1 << 20) + " MiB, log_bin=" + rs.getInt(5) + ", local_infile=" + rs.getInt(6));
            }
            ctx.fact("JDBC driver", c.getMetaData().getDriverName() + " " + c.getMetaData().getDriverVersion());
        }
    }
}
