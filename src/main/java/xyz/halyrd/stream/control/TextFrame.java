package xyz.halyrd.stream.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One stream message, and the WebSocket text frame that carries it (RFC 6455 §5.2: final, unmasked, as a server
 * sends it), encoded once for every client instead of once per client.
 */
final class TextFrame {

    private final String text;
    private final byte[] frame;

    private TextFrame(String text, byte[] frame) {
        this.text = text;
        this.frame = frame;
    }

    static TextFrame of(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81; // FIN, text
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return new TextFrame(text, frame);
    }

    /** The message. */
    String text() {
        return text;
    }

    /** The frame's length in bytes, header included. */
    int length() {
        return frame.length;
    }

    /**
     * The frame, over its own bytes: to be read only, as every client's write reads the same bytes (not a read-only
     * buffer, which the writer would copy for want of an array).
     */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(frame);
    }

    /** Copies the frame into {@code target} at {@code offset}; answers the offset after it. */
    int copyInto(byte[] target, int offset) {
        System.arraycopy(frame, 0, target, offset, frame.length);
        return offset + frame.length;
    }
}
