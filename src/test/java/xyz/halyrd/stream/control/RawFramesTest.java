package xyz.halyrd.stream.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RawFramesTest {

    /** The shape of Tyrus's web socket: writes bytes as they are, answering a future. */
    public static class TyrusLikeWebSocket {
        final List<byte[]> written = new ArrayList<>();
        final List<CompletableFuture<Object>> pending = new ArrayList<>();
        RuntimeException refusal;

        public Future<Object> sendRawFrame(ByteBuffer frames) {
            if (refusal != null) {
                throw refusal;
            }
            byte[] bytes = new byte[frames.remaining()];
            frames.get(bytes);
            written.add(bytes);
            CompletableFuture<Object> write = new CompletableFuture<>();
            pending.add(write);
            return write;
        }
    }

    /** A web socket whose futures cannot call back; its writes complete at once unless it is told they stall. */
    public static class PlainFutureWebSocket extends TyrusLikeWebSocket {
        int writes;
        boolean stalls;

        @Override
        public Future<Object> sendRawFrame(ByteBuffer frames) {
            writes++;
            FutureTask<Object> write = new FutureTask<>(() -> null);
            if (!stalls) {
                write.run();
            }
            return write;
        }
    }

    /** The shape of Tyrus's remote endpoint: its web socket in a field of that name. */
    static class TyrusLikeRemote {
        @SuppressWarnings("unused")
        private final TyrusLikeWebSocket webSocket;

        TyrusLikeRemote(TyrusLikeWebSocket webSocket) {
            this.webSocket = webSocket;
        }
    }

    /** A session of another implementation: nothing but the API ({@link SubscriberTest.FakeSession}). */
    private static Session apiOnly() {
        return new SubscriberTest.FakeSession().session;
    }

    private final RawFrames rawFrames = new RawFrames();

    @Test
    void framesAreWrittenAsTheyAreSeveralInOneWriteAndItsCompletionPassedOn() throws IOException {
        TyrusLikeWebSocket webSocket = new TyrusLikeWebSocket();
        Wire wire = rawFrames.wireOf(new TyrusLikeRemote(webSocket), apiOnly());
        assertTrue(wire.gathers());

        AtomicReference<Throwable> outcome = new AtomicReference<>(new AssertionError("not told yet"));
        TextFrame a = TextFrame.of("a");
        TextFrame b = TextFrame.of("bb");
        wire.write(List.of(a, b), outcome::set);
        java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
        write(both, a);
        write(both, b);
        assertArrayEquals(both.toByteArray(), webSocket.written.get(0));
        assertTrue(outcome.get() instanceof AssertionError, "told only once the write completes");
        webSocket.pending.get(0).complete(null);
        assertNull(outcome.get());

        wire.write(List.of(a), outcome::set);
        IOException reset = new IOException("reset");
        webSocket.pending.get(1).completeExceptionally(reset);
        assertSame(reset, outcome.get());

        IllegalStateException closed = new IllegalStateException("connection closed");
        webSocket.refusal = closed;
        wire.write(List.of(a), outcome::set);
        assertSame(closed, outcome.get(), "a write refused at once is a failure told at once");
    }

    private static void write(OutputStream out, TextFrame frame) throws IOException {
        ByteBuffer buffer = frame.buffer();
        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }

    @Test
    void aSessionOfAnotherImplementationIsWrittenOneMessageAtATimeThroughTheApi() {
        SubscriberTest.FakeSession fake = new SubscriberTest.FakeSession();
        Wire wire = rawFrames.wireOf(fake.session);
        assertFalse(wire.gathers());
        AtomicReference<Throwable> outcome = new AtomicReference<>(new AssertionError("not told yet"));
        wire.write(List.of(TextFrame.of("{\"event\":\"trade\"}")), outcome::set);
        assertEquals(List.of("{\"event\":\"trade\"}"), fake.sent);
        fake.completeNext(true);
        assertNull(outcome.get());

        TyrusLikeWebSocket webSocket = new TyrusLikeWebSocket();
        assertTrue(rawFrames.wireOf(new TyrusLikeRemote(webSocket), apiOnly()).gathers(),
                "a refusal leaves nothing behind for the sessions after it");
        assertFalse(rawFrames.wireOf(new TyrusLikeRemote(null), apiOnly()).gathers(), "no web socket yet");
    }

    @Test
    void aWriteThatCannotCallBackButHasCompletedPassesItsOutcomeOnAndItsWebSocketIsNotUsedAgain() {
        PlainFutureWebSocket webSocket = new PlainFutureWebSocket();
        Wire wire = rawFrames.wireOf(new TyrusLikeRemote(webSocket), apiOnly());
        AtomicReference<Throwable> outcome = new AtomicReference<>(new AssertionError("not told yet"));
        wire.write(List.of(TextFrame.of("a")), outcome::set);
        assertNull(outcome.get());
        assertEquals(1, webSocket.writes);
        assertFalse(rawFrames.wireOf(new TyrusLikeRemote(webSocket), apiOnly()).gathers());
    }

    @Test
    void aWriteThatCannotCallBackAndHasNotCompletedFailsAtOnceSoItsClientIsClosedNotWaitedFor() {
        PlainFutureWebSocket webSocket = new PlainFutureWebSocket();
        webSocket.stalls = true; // a client that stopped reading
        Wire wire = rawFrames.wireOf(new TyrusLikeRemote(webSocket), apiOnly());
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> wire.write(List.of(TextFrame.of("a")), outcome::set));
        assertInstanceOf(IllegalStateException.class, outcome.get());
        assertFalse(rawFrames.wireOf(new TyrusLikeRemote(webSocket), apiOnly()).gathers());
    }
}
