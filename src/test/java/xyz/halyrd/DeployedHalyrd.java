package xyz.halyrd;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Base of the Arquillian tests on paper: the WAR with the test-only probe, deployed on a managed Payara Micro with
 * no chain configured (the embedded default).
 */
abstract class DeployedHalyrd extends HalyrdClient {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return war();
    }
}
