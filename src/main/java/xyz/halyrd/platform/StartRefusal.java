package xyz.halyrd.platform;

import java.util.logging.Logger;

/**
 * Halyrd refusing to start on a configuration it must not run with: the reason goes to the log and to standard error,
 * the deployment fails, and the uber-jar (Payara Micro, which would otherwise go on running with nothing deployed and
 * answer every request with 404) exits with status {@value #EXIT_STATUS}.
 */
public final class StartRefusal {

    public static final int EXIT_STATUS = 2;
    private static final Logger LOG = Logger.getLogger(StartRefusal.class.getName());

    private StartRefusal() {
    }

    /** Refuses to start for {@code reason}: never returns normally (the exception fails the deployment). */
    public static IllegalStateException refuse(String reason) {
        LOG.severe(reason);
        System.err.println(reason);
        if (isPayaraMicro()) {
            // From a thread of its own: the deployment must first fail and let go of its locks, or the shutdown
            // hook that undeploys would wait for it forever.
            Thread exit = new Thread(() -> System.exit(EXIT_STATUS), "halyrd-refuses-to-start");
            exit.setDaemon(false);
            exit.start();
        }
        throw new IllegalStateException(reason);
    }

    private static boolean isPayaraMicro() {
        try {
            Class.forName("fish.payara.micro.PayaraMicro", false, StartRefusal.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
