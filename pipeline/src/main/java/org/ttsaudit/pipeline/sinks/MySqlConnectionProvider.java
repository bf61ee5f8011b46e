package org.ttsaudit.pipeline.sinks;

import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.ttsaudit.pipeline.config.TtsConfig;

/**
 * flink-connector-jdbc's connection provider, with the password looked up each time a connection
 * is made (env {@code TTS_MYSQL_PASSWORD}, {@code mysql.password-file}, or the setting) instead of
 * being part of the serialized sink: a deployment that mounts the secret keeps it out of the job
 * graph, and a rotated file is read on the next reconnect. The driver is loaded by name through
 * the task's class loader, not looked up in {@code DriverManager}, so a job submitted twice to one
 * cluster finds its own driver.
 */
final class MySqlConnectionProvider extends SimpleJdbcConnectionProvider {
    private static final long serialVersionUID = 1L;
    static final String DRIVER = "com.mysql.cj.jdbc.Driver";

    private final Configuration passwordSource;

    MySqlConnectionProvider(String url, String user, Configuration passwordSource) {
        super(new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(url).withDriverName(DRIVER).withUsername(user).build());
        this.passwordSource = passwordSource;
    }

    @Override
    public Properties getProperties() {
        Properties props = new Properties();
        props.putAll(super.getProperties());
        props.setProperty(JdbcConnectionOptions.PASSWORD_KEY, TtsConfig.mysqlPassword(passwordSource));
        return props;
    }
}
