package xyz.halyrd;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the Arquillian tests: the WAR the build produced, plus the test-only probe, deployed on a managed
 * Payara Micro; a client for its address; and the few helpers every black-box test needs.
 */
@ExtendWith(ArquillianExtension.class)
abstract class DeployedHalyrd {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("halyrd.war")))
                .addClasses(TestProbe.class, TestProbe.Append.class, ScriptedMarket.class, ScriptedMarket.Script.class);
    }

    @ArquillianResource
    URL base;

    Http http;

    @BeforeEach
    void client() throws Exception {
        http = new Http(base.toURI());
    }

    int subscriberCount() {
        return http.get("/test-probe/subscribers").object().getInt("count");
    }

    void awaitSubscribers(int count) {
        await().atMost(WAIT).until(() -> subscriberCount() >= count);
    }

    static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
