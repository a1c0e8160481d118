package xyz.halyrd.access.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.Optional;
import java.util.logging.Logger;
import xyz.halyrd.access.control.AccessPolicy;

/**
 * Refuses to start a Halyrd that would be exposed without a token (bound beyond loopback, or told a token is
 * required, with no {@code halyrd.auth.token-file}) or that is misconfigured: the deployment fails with the reason,
 * and the uber-jar (Payara Micro, which would otherwise go on running with nothing deployed) exits with status 2.
 */
@WebListener
public class ExposureCheck implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ExposureCheck.class.getName());
    static final int EXIT_STATUS = 2;

    @Inject
    AccessPolicy policy;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Optional<String> refusal = policy.refusal();
        if (refusal.isEmpty()) {
            return;
        }
        LOG.severe(refusal.get());
        System.err.println(refusal.get());
        if (isPayaraMicro()) {
            // From a thread of its own: the deployment must first fail and let go of its locks, or the shutdown
            // hook that undeploys would wait for it forever.
            Thread exit = new Thread(() -> System.exit(EXIT_STATUS), "halyrd-refuses-to-start");
            exit.setDaemon(false);
            exit.start();
        }
        throw new IllegalStateException(refusal.get());
    }

    private static boolean isPayaraMicro() {
        try {
            Class.forName("fish.payara.micro.PayaraMicro", false, ExposureCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
