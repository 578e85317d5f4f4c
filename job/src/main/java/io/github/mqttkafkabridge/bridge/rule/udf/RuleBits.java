package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.node.BinaryNode;

import java.util.Arrays;

/**
 * An Erlang bitstring whose length need not be whole bytes, as {@code subbits(..., 'bits', ...)} returns: the bits
 * in order from the first byte's most significant bit; unused low bits of the last byte are zero. A whole number
 * of bytes is an ordinary binary.
 */
final class RuleBits extends BinaryNode {
    private static final long serialVersionUID = 1L;

    private final int bitLength;

    private RuleBits(byte[] data, int bitLength) {
        super(data);
        this.bitLength = bitLength;
    }

    /** {@code bitLength} bits of {@code data} from its first bit; a {@link BinaryNode} for whole bytes. */
    static BinaryNode of(byte[] data, int bitLength) {
        byte[] bytes = Arrays.copyOf(data, (bitLength + 7) / 8);
        if (bitLength % 8 == 0) {
            return BinaryNode.valueOf(bytes);
        }
        bytes[bytes.length - 1] &= (byte) (0xFF << (8 - bitLength % 8));
        return new RuleBits(bytes, bitLength);
    }

    int bitLength() {
        return bitLength;
    }

    /** The bit count of a binary value (a whole binary is 8 bits a byte). */
    static int bitLength(BinaryNode b) {
        return b instanceof RuleBits r ? r.bitLength : b.binaryValue().length * 8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleBits r && r.bitLength == bitLength && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + bitLength;
    }
}
