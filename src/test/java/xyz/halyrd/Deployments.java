package xyz.halyrd;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** What the Arquillian tests deploy: the WAR the build produced, plus the test-only probe. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive halyrdWithProbe() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("halyrd.war")))
                .addClasses(TestProbe.class, TestProbe.Append.class);
    }
}
