package xyz.halyrd.platform;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Shuts the embedded Derby engine down cleanly when Halyrd is undeployed or the server stops, so the database
 * is checkpointed and its lock released: a redeployed WAR (new class loader, new engine) can then open it again.
 * First it tells whoever must still write ({@link Stopping}): listeners stop in no order the code can rely on.
 */
@WebListener
public class DerbyShutdown implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(DerbyShutdown.class.getName());

    @Inject
    Event<Stopping> stopping;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        try {
            stopping.fire(new Stopping());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A component failed at the stop", e);
        }
        ClassLoader ours = DerbyShutdown.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() != ours) {
                continue;
            }
            if (driver.getClass().getName().startsWith("org.apache.derby.")) {
                try {
                    driver.connect("jdbc:derby:;shutdown=true", new java.util.Properties());
                } catch (SQLException expected) {
                    // Derby reports a successful engine shutdown as SQLState XJ015.
                    if (!"XJ015".equals(expected.getSQLState())) {
                        LOG.log(Level.WARNING, "Derby did not shut down cleanly", expected);
                    }
                }
            }
            try {
                DriverManager.deregisterDriver(driver);
            } catch (SQLException e) {
                LOG.log(Level.FINE, "Could not deregister " + driver.getClass().getName(), e);
            }
        }
    }
}
