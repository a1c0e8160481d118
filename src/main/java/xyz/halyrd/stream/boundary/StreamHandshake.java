package xyz.halyrd.stream.boundary;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import xyz.halyrd.stream.control.Subscribers;

/**
 * Subscribes a stream client while its handshake is answered, before the answer goes out: the endpoint's open runs
 * only after the client has its answer, and an event committing in between would otherwise never reach it (the load
 * harness lost such deliveries). The subscription travels to the open in the connection's own user properties.
 */
public class StreamHandshake extends ServerEndpointConfig.Configurator {

    static final String SUBSCRIBER = "xyz.halyrd.stream.subscriber";

    @Override
    public void modifyHandshake(ServerEndpointConfig connection, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(connection, request, response);
        connection.getUserProperties().put(SUBSCRIBER, CDI.current().select(Subscribers.class).get().subscribe());
    }
}
