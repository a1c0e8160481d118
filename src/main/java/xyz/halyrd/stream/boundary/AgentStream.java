package xyz.halyrd.stream.boundary;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.stream.control.Subscriber;
import xyz.halyrd.stream.control.Subscribers;

/**
 * {@code ws://…/ws/agents/{id}}: every event of the agent, pushed as it happens; {@code current} is an alias. One
 * instance per connection; the client was subscribed during its handshake ({@link StreamHandshake}).
 */
@ServerEndpoint(value = "/ws/agents/{id}", configurator = StreamHandshake.class)
public class AgentStream {

    private static final Logger LOG = Logger.getLogger(AgentStream.class.getName());

    @Inject
    Subscribers subscribers;

    private Subscriber subscriber;

    @OnOpen
    public void open(Session session, EndpointConfig connection, @PathParam("id") String id) throws IOException {
        subscriber = (Subscriber) connection.getUserProperties().get(StreamHandshake.SUBSCRIBER);
        if (!AgentRegistry.isAgent(id)) {
            subscribers.remove(subscriber);
            String shown = id.length() > 40 ? id.substring(0, 40) + "…" : id;
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
                    "AGENT_NOT_FOUND: no agent '" + shown + "'"));
            return;
        }
        subscribers.attach(subscriber, session);
    }

    /** The answer to the stream's ping: the client has read everything sent before it. */
    @OnMessage
    public void pong(PongMessage pong) {
        subscriber.pong();
    }

    @OnClose
    public void close(Session session) {
        subscribers.remove(subscriber);
    }

    @OnError
    public void error(Session session, Throwable failure) {
        LOG.log(Level.FINE, "Stream session " + session.getId() + " failed", failure);
        subscribers.remove(subscriber);
    }
}
