package xyz.halyrd.stream.control;

import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** How a stream client's queued messages are written to its socket. */
interface Wire {

    /** How many bytes of frames one write gathers at most (a single larger message is written alone). */
    int MOST_BYTES = 64 * 1024;

    /** Whether one write may carry several messages. */
    boolean gathers();

    /**
     * Starts writing {@code frames}, in order, without waiting for the socket; {@code written} is told once they
     * are all written, with {@code null}, or with the failure.
     */
    void write(List<TextFrame> frames, Consumer<Throwable> written);

    /** Through the WebSocket API: one message per write, its frame made by the implementation. */
    static Wire oneByOne(Session session) {
        return new Wire() {
            @Override
            public boolean gathers() {
                return false;
            }

            @Override
            public void write(List<TextFrame> frames, Consumer<Throwable> written) {
                if (frames.size() != 1) {
                    throw new IllegalArgumentException("one message per write, not " + frames.size());
                }
                session.getAsyncRemote().sendText(frames.get(0).text(), (SendResult result) -> written.accept(
                        result.isOK() ? null : result.getException() != null ? result.getException()
                                : new IOException("send failed")));
            }
        };
    }
}
