package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * EMQX's functions on bytes and bits: {@code bitsize bytesize subbits} and zlib's compression ({@code gzip gunzip
 * zip unzip zip_compress zip_uncompress}). A string argument is its UTF-8 bytes; compressed data is a
 * {@link BinaryNode}; decompressed data is a string when it is UTF-8, else a binary.
 */
final class BinaryFunctions {
    /** The most bytes a decompression may give: a small message must not expand into the job's memory. */
    static final int MAX_INFLATED_BYTES = 64 << 20;

    private BinaryFunctions() {}

    static void registerInto(Map<String, Impl> f) {
        f.put("bitsize", a -> {
            Args.count(a, "bitsize", 1, 1);
            return LongNode.valueOf(RuleBits.bitLength(binary(a[0], "bitsize")));
        });
        f.put("bytesize", a -> {
            Args.count(a, "bytesize", 1, 1);
            return LongNode.valueOf(ioListSize(a[0]));
        });
        f.put("subbits", BinaryFunctions::subbits);
        f.put("gzip", a -> BinaryNode.valueOf(gzip(Args.bytes(one(a, "gzip"), "gzip"))));
        f.put("gunzip", a -> Args.bytesValue(gunzip(Args.bytes(one(a, "gunzip"), "gunzip"))));
        // zlib:zip is a raw deflate stream, zlib:compress a zlib stream (header and Adler-32).
        f.put("zip", a -> BinaryNode.valueOf(deflate(Args.bytes(one(a, "zip"), "zip"), true)));
        f.put("unzip", a -> Args.bytesValue(inflate(Args.bytes(one(a, "unzip"), "unzip"), true, "unzip")));
        f.put("zip_compress", a -> BinaryNode.valueOf(deflate(Args.bytes(one(a, "zip_compress"), "zip_compress"),
                false)));
        f.put("zip_uncompress", a -> Args.bytesValue(inflate(Args.bytes(one(a, "zip_uncompress"),
                "zip_uncompress"), false, "zip_uncompress")));
    }

    private static JsonNode one(JsonNode[] a, String fn) {
        Args.count(a, fn, 1, 1);
        return a[0];
    }

    /** A binary argument as a {@link BinaryNode} (a string as its UTF-8 bytes); bitstrings stay as they are. */
    static BinaryNode binary(JsonNode v, String fn) {
        return v != null && v.isBinary() ? (BinaryNode) v : BinaryNode.valueOf(Args.bytes(v, fn));
    }

    /** {@code erlang:iolist_size}: a binary's bytes, or an array of bytes (0 to 255) and binaries, nested. */
    private static long ioListSize(JsonNode v) {
        if (v != null && v.isArray()) {
            long size = 0;
            for (JsonNode e : v) {
                if (e.isIntegralNumber() && e.canConvertToInt() && e.intValue() >= 0 && e.intValue() <= 255) {
                    size++;
                } else {
                    size += ioListSize(e);
                }
            }
            return size;
        }
        if (v instanceof RuleBits b) {
            throw new RuleEvaluationException("bytesize: expects whole bytes, got " + b.bitLength() + " bits");
        }
        return Args.bytes(v, "bytesize").length;
    }

    /**
     * {@code subbits(Bits, Len)}, {@code subbits(Bits, Start, Len[, Type[, Signedness[, Endianness]]])}: Len bits
     * from the 1-based bit Start, as an {@code integer} (default; {@code unsigned} and {@code big} by default), a
     * {@code float} (16, 32 or 64 bits) or {@code bits}. A Start outside the bits gives undefined; a Len beyond
     * them takes the bits that remain, as EMQX does.
     */
    private static JsonNode subbits(JsonNode[] a) {
        Args.count(a, "subbits", 2, 6);
        BinaryNode bits = binary(a[0], "subbits");
        int start = a.length == 2 ? 1 : Args.smallInteger(a[1], "subbits");
        int len = Args.smallInteger(a[a.length == 2 ? 1 : 2], "subbits");
        int total = RuleBits.bitLength(bits);
        if (start < 1 || start - 1 >= total) {
            return null;
        }
        String type = a.length >= 4 ? option(a[3], "integer", "float", "bits") : "integer";
        boolean signed = a.length >= 5 && option(a[4], "unsigned", "signed").equals("signed");
        boolean little = a.length >= 6 && option(a[5], "big", "little").equals("little");
        byte[] data = bits.binaryValue();
        int begin = start - 1;
        int rest = total - begin;
        JsonNode value = len >= 0 && len <= rest ? segment(data, begin, len, type, signed, little) : null;
        if (value == null) {
            // EMQX's second pattern: all the remaining bits.
            value = segment(data, begin, rest, type, signed, little);
        }
        if (value == null) {
            throw new RuleEvaluationException("subbits: " + rest + " bits from bit " + start
                    + " are not a float of 16, 32 or 64 bits");
        }
        return value;
    }

    private static String option(JsonNode v, String... allowed) {
        String s = Args.text(v, "subbits");
        for (String option : allowed) {
            if (option.equals(s)) {
                return s;
            }
        }
        throw new RuleEvaluationException("subbits: expects one of " + String.join(", ", allowed) + ", got "
                + Args.describe(v));
    }

    /** Erlang's {@code <<V:Len/Type-Signedness-Endianness-unit:1, _/bits>>} at bit {@code begin}; null: no match. */
    private static JsonNode segment(byte[] data, int begin, int len, String type, boolean signed, boolean little) {
        if (type.equals("bits")) {
            byte[] out = new byte[(len + 7) / 8];
            for (int i = 0; i < len; i++) {
                if (bit(data, begin + i) == 1) {
                    out[i >> 3] |= (byte) (0x80 >>> (i & 7));
                }
            }
            return RuleBits.of(out, len);
        }
        BigInteger v = BigInteger.ZERO;
        if (little) {
            // Little-endian: 8-bit groups from the least significant; a last group of fewer bits is the top.
            for (int chunk = 0; chunk * 8 < len; chunk++) {
                int from = chunk * 8;
                int width = Math.min(8, len - from);
                v = v.or(BigInteger.valueOf(bitsValue(data, begin + from, width)).shiftLeft(from));
            }
        } else {
            for (int i = 0; i < len; i++) {
                v = v.shiftLeft(1).or(BigInteger.valueOf(bit(data, begin + i)));
            }
        }
        if (type.equals("float")) {
            double d;
            switch (len) {
                case 64:
                    d = Double.longBitsToDouble(v.longValue());
                    break;
                case 32:
                    d = Float.intBitsToFloat(v.intValue());
                    break;
                case 16:
                    d = halfToDouble(v.intValue());
                    break;
                default:
                    return null;
            }
            // Erlang's float segment does not match NaN or infinity.
            return Double.isFinite(d) ? DoubleNode.valueOf(d) : null;
        }
        if (signed && len > 0 && v.testBit(len - 1)) {
            v = v.subtract(BigInteger.ONE.shiftLeft(len));
        }
        return Args.integerNode(v);
    }

    private static int bit(byte[] data, int i) {
        return (data[i >> 3] >> (7 - (i & 7))) & 1;
    }

    private static long bitsValue(byte[] data, int from, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = v << 1 | bit(data, from + i);
        }
        return v;
    }

    /** An IEEE 754 half-precision float (Erlang's {@code float-size(16)}). */
    private static double halfToDouble(int h) {
        int exponent = (h >> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        double magnitude;
        if (exponent == 0x1F) {
            magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (exponent == 0) {
            magnitude = Math.scalb((double) mantissa, -24);
        } else {
            magnitude = Math.scalb((double) (mantissa | 0x400), exponent - 25);
        }
        return (h & 0x8000) != 0 ? -magnitude : magnitude;
    }

    /** {@code zlib:gzip}: a gzip member as zlib writes it (no name, no time, OS 3), default compression. */
    static byte[] gzip(byte[] in) {
        byte[] body = deflate(in, true);
        CRC32 crc = new CRC32();
        crc.update(in);
        ByteBuffer out = ByteBuffer.allocate(10 + body.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3}).put(body);
        out.putInt((int) crc.getValue()).putInt(in.length);
        return out.array();
    }

    /** {@code zlib:gunzip}: one or more gzip members, their data joined. */
    static byte[] gunzip(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        do {
            if (in.length - at < 18 || (in[at] & 0xFF) != 0x1F || (in[at + 1] & 0xFF) != 0x8B || in[at + 2] != 8) {
                throw new RuleEvaluationException("gunzip: not gzip data");
            }
            int flags = in[at + 3] & 0xFF;
            int p = at + 10;
            try {
                if ((flags & 4) != 0) {
                    p += 2 + ((in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8);
                }
                if ((flags & 8) != 0) {
                    while (in[p++] != 0) { /* file name */ }
                }
                if ((flags & 16) != 0) {
                    while (in[p++] != 0) { /* comment */ }
                }
                if ((flags & 2) != 0) {
                    p += 2;
                }
            } catch (ArrayIndexOutOfBoundsException e) {
                throw new RuleEvaluationException("gunzip: truncated gzip data");
            }
            Inflater inflater = new Inflater(true);
            try {
                int before = out.size();
                inflater.setInput(in, p, Math.max(0, in.length - p));
                inflateInto(inflater, out, "gunzip");
                int end = in.length - inflater.getRemaining();
                if (end + 8 > in.length) {
                    throw new RuleEvaluationException("gunzip: truncated gzip data");
                }
                CRC32 crc = new CRC32();
                crc.update(out.toByteArray(), before, out.size() - before);
                ByteBuffer trailer = ByteBuffer.wrap(in, end, 8).order(ByteOrder.LITTLE_ENDIAN);
                if (trailer.getInt() != (int) crc.getValue() || trailer.getInt() != out.size() - before) {
                    throw new RuleEvaluationException("gunzip: the data does not match its checksum");
                }
                at = end + 8;
            } finally {
                inflater.end();
            }
        } while (at < in.length);
        return out.toByteArray();
    }

    static byte[] deflate(byte[] in, boolean raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try {
            deflater.setInput(in);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, in.length / 2));
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static byte[] inflate(byte[] in, boolean raw, String fn) {
        Inflater inflater = new Inflater(raw);
        try {
            inflater.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            inflateInto(inflater, out, fn);
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static void inflateInto(Inflater inflater, ByteArrayOutputStream out, String fn) {
        byte[] buf = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new RuleEvaluationException(fn + ": the compressed data is incomplete");
                }
                if (out.size() + n > MAX_INFLATED_BYTES) {
                    throw new RuleEvaluationException(fn + ": the data expands beyond " + MAX_INFLATED_BYTES
                            + " bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new RuleEvaluationException(fn + ": not " + (fn.equals("gunzip") ? "gzip" : "compressed")
                    + " data: " + e.getMessage());
        }
    }
}
