package xyz.halyrd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import xyz.halyrd.cluster.control.ClusterDiscovery;
import xyz.halyrd.cluster.control.ClusterDiscovery.Boot;

/** Halyrd's cluster keys as the uber-jar's launcher reads them: what Payara Micro boots with, and what is refused. */
class ClusterDiscoveryTest {

    private static Optional<Boot> boot(String... keyValues) {
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            keys.put(keyValues[i], keyValues[i + 1]);
        }
        return ClusterDiscovery.from(keys::get, () -> "node_GENERATED");
    }

    private static String refusal(String... keyValues) {
        return assertThrows(IllegalArgumentException.class, () -> boot(keyValues)).getMessage();
    }

    @Test
    void withoutKeysOrWithNoneTheNodeBootsAsBuiltWithoutADataGrid() {
        assertEquals(Optional.empty(), boot());
        assertEquals(Optional.empty(), boot("halyrd.cluster.discovery", "none", "halyrd.cluster.port", "7000"));
        assertEquals(Optional.empty(), boot("halyrd.cluster.discovery", " "));
    }

    @Test
    void aTcpMemberListJoinsOnLoopbackByDefaultUnderTheNodeIdAndTheClusterName() {
        Boot boot = boot("halyrd.cluster.discovery", "tcpip:127.0.0.1:6900, 127.0.0.1:6901",
                "halyrd.cluster.node-id", "node-1", "halyrd.cluster.name", "halyrd-test_1").orElseThrow();
        Map<String, String> p = boot.systemProperties();
        assertEquals("false", p.get("payaramicro.noCluster"));
        assertEquals("tcpip:127.0.0.1:6900,127.0.0.1:6901", p.get("payaramicro.clusterMode"));
        assertEquals("127.0.0.1", p.get("payaramicro.interfaces"));
        assertEquals("6900", p.get("payaramicro.startPort"));
        assertEquals("halyrd-test_1", p.get("payaramicro.clusterName"));
        assertEquals("node-1", p.get("payaramicro.name"));
        assertEquals("node-1", p.get("halyrd.cluster.node-id"));
        assertEquals("false", p.get("hazelcast.socket.bind.any"), "bound to the interface only, never *");
        assertEquals("5", p.get("hazelcast.heartbeat.interval.seconds"));
        assertEquals("60", p.get("hazelcast.max.no.heartbeat.seconds"));
        assertEquals(ClusterDiscovery.ENABLE_DATA_GRID, boot.preBootCommands().get(0));
        assertTrue(boot.summary().contains("node-1") && boot.summary().contains("halyrd-test_1"), boot.summary());
    }

    @Test
    void dnsAndKubernetesModesTheInterfaceThePortAndTheFailureDetection() {
        Map<String, String> dns = boot("halyrd.cluster.discovery", "dns:halyrd-grid.halyrd.svc.cluster.local:6900",
                "halyrd.cluster.interface", "10.0.*.*", "halyrd.cluster.port", "5701",
                "halyrd.cluster.heartbeat-interval", "PT1S", "halyrd.cluster.member-timeout", "PT4S").orElseThrow()
                .systemProperties();
        assertEquals("dns:halyrd-grid.halyrd.svc.cluster.local:6900", dns.get("payaramicro.clusterMode"));
        assertEquals("10.0.*.*", dns.get("payaramicro.interfaces"));
        assertEquals("5701", dns.get("payaramicro.startPort"));
        assertEquals("1", dns.get("hazelcast.heartbeat.interval.seconds"));
        assertEquals("4", dns.get("hazelcast.max.no.heartbeat.seconds"));
        assertEquals("halyrd", dns.get("payaramicro.clusterName"), "the default cluster name");
        assertEquals("node_GENERATED", dns.get("payaramicro.name"), "a node without an id gets one");
        assertEquals("node_GENERATED", dns.get("halyrd.cluster.node-id"), "and the lease uses the same");

        Map<String, String> k8s = boot("halyrd.cluster.discovery", "kubernetes:halyrd,halyrd-grid",
                "halyrd.cluster.interface", "10.1.2.3").orElseThrow().systemProperties();
        assertEquals("kubernetes:halyrd,halyrd-grid", k8s.get("payaramicro.clusterMode"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "0.0.0.0", "*.*.*.*", "::", "[::]", "0:0:0:0:0:0:0:0"})
    void theWildcardInterfaceIsRefusedWithOrWithoutClustering(String wildcard) {
        String message = refusal("halyrd.cluster.discovery", "tcpip:127.0.0.1:6900", "halyrd.cluster.interface",
                wildcard);
        assertTrue(message.startsWith("halyrd.cluster.interface=" + wildcard + ": the data grid is bound to one"
                + " interface, never to every interface"), message);
        assertThrows(IllegalArgumentException.class, () -> boot("halyrd.cluster.interface", wildcard));
    }

    @Test
    void malformedKeysAreRefusedNamingTheKey() {
        for (List<String> bad : List.of(
                List.of("halyrd.cluster.discovery", "multicast:228.9.3.1:54327"),
                List.of("halyrd.cluster.discovery", "tcpip"),
                List.of("halyrd.cluster.discovery", "tcpip:"),
                List.of("halyrd.cluster.discovery", "tcpip:127.0.0.1:6900,,127.0.0.1:6901"),
                List.of("halyrd.cluster.discovery", "tcpip:127.0.0.1:70000"),
                List.of("halyrd.cluster.discovery", "dns:"),
                List.of("halyrd.cluster.discovery", "kubernetes"),
                List.of("halyrd.cluster.discovery", "kubernetes:halyrd"))) {
            String message = refusal(bad.toArray(String[]::new));
            assertTrue(message.startsWith("halyrd.cluster.discovery=" + bad.get(1) + ": "), message);
        }
        assertTrue(refusal("halyrd.cluster.discovery", "magic").contains("expected none (the default), tcpip:"));
        String tcp = "tcpip:127.0.0.1:6900";
        assertTrue(refusal("halyrd.cluster.discovery", tcp, "halyrd.cluster.interface", "10.0.0.1,10.0.0.2")
                .contains("one interface"));
        assertTrue(refusal("halyrd.cluster.discovery", tcp, "halyrd.cluster.interface", "my-host")
                .contains("an IP address"));
        assertTrue(refusal("halyrd.cluster.discovery", tcp, "halyrd.cluster.port", "0")
                .startsWith("halyrd.cluster.port=0: "));
        assertTrue(refusal("halyrd.cluster.discovery", tcp, "halyrd.cluster.name", "two words")
                .startsWith("halyrd.cluster.name=two words: "));
        assertTrue(refusal("halyrd.cluster.discovery", tcp, "halyrd.cluster.node-id", "node 1")
                .startsWith("halyrd.cluster.node-id=node 1: "));
        assertTrue(refusal("halyrd.cluster.discovery", tcp, "halyrd.cluster.heartbeat-interval", "PT0.5S")
                .startsWith("halyrd.cluster.heartbeat-interval=PT0.5S: "));
        assertTrue(refusal("halyrd.cluster.discovery", tcp, "halyrd.cluster.member-timeout", "PT5S",
                "halyrd.cluster.heartbeat-interval", "PT3S").startsWith("halyrd.cluster.member-timeout (PT5S) must be"
                + " at least twice"));
    }
}
