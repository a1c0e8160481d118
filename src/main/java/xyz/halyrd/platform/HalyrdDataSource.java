package xyz.halyrd.platform;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The connections behind {@code java:app/jdbc/halyrd} (declared in web.xml, pooled by the container). By default
 * an embedded Derby database in {@code halyrd.data.dir}, created on first use; {@code halyrd.db.url} points the
 * same WAR at PostgreSQL (or any JDBC database whose driver is on the class path). Reading MicroProfile Config
 * here, rather than in the descriptor, keeps the defaults in code and lets one WAR serve every deployment.
 */
public class HalyrdDataSource implements DataSource {

    public static final String DATA_DIR = "halyrd.data.dir";
    public static final String DB_URL = "halyrd.db.url";
    public static final String DB_USER = "halyrd.db.user";
    public static final String DB_PASSWORD = "halyrd.db.password";

    private volatile Driver driver;
    private volatile String url;
    private int loginTimeout;
    private PrintWriter logWriter;

    /** The data directory: {@code halyrd.data.dir}, by default {@code ~/.halyrd}. */
    public static Path dataDir(Config config) {
        return config.getOptionalValue(DATA_DIR, String.class)
                .map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".halyrd"))
                .toAbsolutePath().normalize();
    }

    /** The JDBC URL in use: {@code halyrd.db.url}, by default Derby at {@code <data dir>/db}. */
    public static String jdbcUrl(Config config) {
        return config.getOptionalValue(DB_URL, String.class)
                .orElseGet(() -> "jdbc:derby:" + dataDir(config).resolve("db") + ";create=true");
    }

    /**
     * Whether the database is Derby embedded in this JVM (Derby's network client's URLs name a host): no other process
     * can write it then, so every write passes through this JVM's persistence unit ({@link DatabaseWrites}).
     */
    public static boolean isEmbedded(Config config) {
        String url = jdbcUrl(config);
        return url.startsWith("jdbc:derby:") && !url.startsWith("jdbc:derby://");
    }

    @Override
    public Connection getConnection() throws SQLException {
        Config config = config();
        return connect(config.getOptionalValue(DB_USER, String.class),
                config.getOptionalValue(DB_PASSWORD, String.class));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        if (username == null || username.isEmpty()) {
            return getConnection();
        }
        return connect(Optional.of(username), Optional.ofNullable(password));
    }

    private Connection connect(Optional<String> user, Optional<String> password) throws SQLException {
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        Connection connection = driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("The JDBC driver refused the configured " + DB_URL);
        }
        return connection;
    }

    private Driver driver() throws SQLException {
        Driver found = driver;
        if (found == null) {
            synchronized (this) {
                if (driver == null) {
                    Config config = config();
                    String jdbcUrl = jdbcUrl(config);
                    if (jdbcUrl.startsWith("jdbc:derby:")) {
                        prepareDerby(dataDir(config));
                    }
                    driver = findDriver(jdbcUrl);
                    url = jdbcUrl;
                }
                found = driver;
            }
        }
        return found;
    }

    private static void prepareDerby(Path dataDir) throws SQLException {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new SQLException("Cannot create the data directory " + dataDir + " (" + DATA_DIR + ")", e);
        }
        // Derby otherwise writes derby.log into whatever the working directory happens to be.
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", dataDir.resolve("derby.log").toString());
        }
        if (System.getProperty("derby.infolog.append") == null) {
            System.setProperty("derby.infolog.append", "true"); // keep the history of earlier starts
        }
    }

    private static Driver findDriver(String jdbcUrl) throws SQLException {
        // The drivers come with Halyrd: in the WAR's WEB-INF/lib, or on Payara Micro's class path in the uber-jar;
        // DriverManager's own discovery (the system class loader) sees neither. The two bundled ones are loaded by
        // name through the application's class loader, so that only the driver in use registers itself.
        ClassLoader loader = HalyrdDataSource.class.getClassLoader();
        String bundled = jdbcUrl.startsWith("jdbc:derby:") ? "org.apache.derby.jdbc.EmbeddedDriver"
                : jdbcUrl.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : null;
        if (bundled != null) {
            try {
                return (Driver) Class.forName(bundled, true, loader).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new SQLException("Cannot load the JDBC driver " + bundled, e);
            }
        }
        for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
            if (candidate.acceptsURL(jdbcUrl)) {
                return candidate;
            }
        }
        String scheme = jdbcUrl.split(":").length > 1 ? jdbcUrl.split(":")[1] : jdbcUrl;
        throw new SQLException("No JDBC driver for '" + scheme + "' URLs is available (" + DB_URL + ")");
    }

    private static Config config() {
        return ConfigProvider.getConfig(HalyrdDataSource.class.getClassLoader());
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
