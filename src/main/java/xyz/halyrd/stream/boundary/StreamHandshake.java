package xyz.halyrd.stream.boundary;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import xyz.halyrd.stream.control.Subscriber;
import xyz.halyrd.stream.control.Subscribers;

/**
 * Subscribes a stream client while its handshake is answered, before the answer goes out: the endpoint's open runs
 * only after the client has its answer, and an event committing in between would otherwise never reach it (the load
 * harness lost such deliveries). The subscription travels to the open in the connection's own user properties.
 * <p>
 * {@code ?after=<seq>} resumes: the client is sent every message after that seq first (see
 * {@link Subscribers#resume}); one that is not a whole number from 0 up is closed with 1008 {@code BAD_RESUME}.
 */
public class StreamHandshake extends ServerEndpointConfig.Configurator {

    static final String SUBSCRIBER = "xyz.halyrd.stream.subscriber";
    static final String AFTER = "after";

    @Override
    public void modifyHandshake(ServerEndpointConfig connection, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(connection, request, response);
        Subscribers subscribers = CDI.current().select(Subscribers.class).get();
        List<String> after = request.getParameterMap().getOrDefault(AFTER, List.of());
        Subscriber subscriber;
        if (after.isEmpty()) {
            subscriber = subscribers.subscribe();
        } else if (after.size() == 1 && after.get(0).matches("[0-9]{1,18}")) {
            subscriber = subscribers.resume(Long.parseLong(after.get(0)));
        } else {
            subscriber = subscribers.refuse("BAD_RESUME: after must be one seq, a whole number from 0 up");
        }
        connection.getUserProperties().put(SUBSCRIBER, subscriber);
    }
}
