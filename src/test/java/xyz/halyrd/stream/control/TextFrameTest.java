package xyz.halyrd.stream.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The text frame a server sends (RFC 6455 §5.2): FIN and opcode 1, no mask, the length in 7, 16 or 64 bits. */
class TextFrameTest {

    private static byte[] bytes(TextFrame frame) {
        ByteBuffer buffer = frame.buffer();
        byte[] all = new byte[buffer.remaining()];
        buffer.get(all);
        return all;
    }

    @Test
    void aShortMessageHasItsLengthInTheSecondByte() {
        byte[] frame = bytes(TextFrame.of("{\"a\":1}"));
        assertEquals((byte) 0x81, frame[0]);
        assertEquals(7, frame[1]);
        assertEquals("{\"a\":1}", new String(frame, 2, 7, StandardCharsets.UTF_8));
        assertEquals(9, TextFrame.of("{\"a\":1}").length());
    }

    @Test
    void theLengthIsCountedInUtf8Bytes() {
        byte[] frame = bytes(TextFrame.of("€"));
        assertArrayEquals(new byte[]{(byte) 0x81, 3, (byte) 0xe2, (byte) 0x82, (byte) 0xac}, frame);
    }

    @Test
    void eachLengthTakesTheShortestOfItsThreeForms() {
        assertHeader(0, 0x00);
        assertHeader(125, 0x7d);
        assertHeader(126, 0x7e, 0x00, 0x7e);
        assertHeader(65_535, 0x7e, 0xff, 0xff);
        assertHeader(65_536, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00);
        assertHeader(1_000_000, 0x7f, 0, 0, 0, 0, 0, 0x0f, 0x42, 0x40);
    }

    private static void assertHeader(int length, int... afterFirst) {
        byte[] frame = bytes(TextFrame.of("z".repeat(length)));
        byte[] expected = new byte[1 + afterFirst.length];
        expected[0] = (byte) 0x81;
        for (int i = 0; i < afterFirst.length; i++) {
            expected[1 + i] = (byte) afterFirst[i];
        }
        assertArrayEquals(expected, Arrays.copyOf(frame, expected.length), "header of " + length);
        assertEquals(expected.length + length, frame.length);
        for (int i = expected.length; i < frame.length; i++) {
            assertEquals('z', frame[i], "payload byte " + i);
        }
    }

    @Test
    void framesCopiedOneAfterTheOtherAreTheirBytesInOrder() {
        TextFrame a = TextFrame.of("a");
        TextFrame b = TextFrame.of("bb");
        byte[] both = new byte[a.length() + b.length()];
        assertEquals(both.length, b.copyInto(both, a.copyInto(both, 0)));
        assertArrayEquals(new byte[]{(byte) 0x81, 1, 'a', (byte) 0x81, 2, 'b', 'b'}, both);
    }
}
