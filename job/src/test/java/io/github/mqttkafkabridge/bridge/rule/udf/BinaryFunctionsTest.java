package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.assertError;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.call;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.fails;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.ok;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * EMQX's byte and bit functions: bitsize, bytesize, subbits, the zlib functions, hash, str_utf16_le and the hex
 * functions on binaries (values from emqx_rule_funcs_SUITE where it has them).
 */
class BinaryFunctionsTest {

    /** A binary from hex, as hexstr2bin makes it (a BinaryNode when the bytes are not UTF-8). */
    static Object bin(String hex) {
        return call("hexstr2bin", hex);
    }

    static byte[] bytes(Object result) {
        assertThat(result).isInstanceOf(JsonNode.class);
        JsonNode n = (JsonNode) result;
        return n.isBinary() ? ((BinaryNode) n).binaryValue() : n.textValue().getBytes(StandardCharsets.UTF_8);
    }

    static String hex(Object result) {
        return HexFormat.of().withUpperCase().formatHex(bytes(result));
    }

    static Stream<RuleCalls.Case> sizes() {
        return Stream.of(
                ok("8", "bitsize", "a"),
                ok("0", "bitsize", ""),
                ok("16", "bitsize", "é"),
                ok("24", "bitsize", bin("FFFFFF")),
                ok("6", "bitsize", call("subbits", bin("9F4E58"), 1, 6, "bits", "unsigned", "big")),
                ok("1", "bytesize", "a"),
                ok("0", "bytesize", ""),
                ok("2", "bytesize", "é"),
                ok("4", "bytesize", "👋"),
                ok("3", "bytesize", bin("FF00FF")),
                // an iolist: bytes and binaries
                ok("4", "bytesize", j("[97, 98, \"cd\"]")),
                fails("expects a string, got undefined", "bitsize", UNDEFINED),
                fails("expects a string, got null", "bytesize", j("null")),
                fails("expects whole bytes", "bytesize", call("subbits", bin("FF"), 1, 3, "bits")));
    }

    static Stream<RuleCalls.Case> subbits() {
        Object ff = bin("FF");
        return Stream.of(
                // subbits(Bits, Len): from the first bit
                ok("1", "subbits", ff, 1),
                ok("3", "subbits", ff, 2),
                ok("7", "subbits", ff, 3),
                ok("127", "subbits", ff, 7),
                ok("255", "subbits", ff, 8),
                // subbits(Bits, Start, Len)
                ok("1", "subbits", ff, 1, 1),
                ok("15", "subbits", ff, 1, 4),
                ok("1", "subbits", ff, 2, 1),
                ok("63", "subbits", ff, 2, 6),
                // a length beyond the bits takes the bits that remain
                ok("127", "subbits", ff, 2, 8),
                ok("255", "subbits", ff, 1, 100),
                ok("0", "subbits", ff, 1, 0),
                ok("97", "subbits", "a", 1, 8),
                ok("3", "subbits", "a", 1, 3),
                ok("24930", "subbits", "ab", 1, 16),
                // a start outside the bits: undefined
                ok("undefined", "subbits", ff, 9, 1),
                ok("undefined", "subbits", ff, 0, 1),
                ok("undefined", "subbits", "", 1),
                // types, signedness, endianness
                ok("456", "subbits", bin("000001C8"), 1, 32, "integer", "signed", "big"),
                ok("-456", "subbits", bin("FFFFFE38"), 1, 32, "integer", "signed", "big"),
                ok("4294966840", "subbits", bin("FFFFFE38"), 1, 32, "integer", "unsigned", "big"),
                ok("456", "subbits", bin("000001C8"), 1, 32, "integer", "unsigned"),
                ok("-1", "subbits", ff, 1, 8, "integer", "signed"),
                ok("513", "subbits", bin("0102"), 1, 16, "integer", "unsigned", "little"),
                ok("-456", "subbits", bin("38FEFFFF"), 1, 32, "integer", "signed", "little"),
                // little-endian with a partial last byte: its bits are the top of the value (<<1:12/little>>)
                ok("1", "subbits", bin("0100"), 1, 12, "integer", "unsigned", "little"),
                ok("256", "subbits", bin("0010"), 1, 12, "integer", "unsigned", "little"),
                ok("5.3", "subbits", bin("4015333333333333"), 1, 64, "float", "unsigned", "big"),
                ok("-5.3", "subbits", bin("C015333333333333"), 1, 64, "float", "signed", "big"),
                ok("5.3", "subbits", bin("4015333333333333"), 1, 64, "float"),
                ok("5.3", "subbits", bin("3333333333331540"), 1, 64, "float", "unsigned", "little"),
                ok("1.5", "subbits", bin("3FC00000"), 1, 32, "float"),
                ok("-2.0", "subbits", bin("C000"), 1, 16, "float"),
                ok("1.0", "subbits", bin("3C00"), 1, 16, "float"),
                // a float length that is not 16, 32 or 64 reads the remaining bits if they are one
                ok("1.5", "subbits", bin("3FC00000"), 1, 8, "float"),
                fails("not a float of 16, 32 or 64 bits", "subbits", ff, 1, 8, "float"),
                fails("not a float", "subbits", bin("7FF0000000000000"), 1, 64, "float"),
                fails("expects one of integer, float, bits", "subbits", ff, 1, 8, "int"),
                fails("expects one of unsigned, signed", "subbits", ff, 1, 8, "integer", "x"),
                fails("expects one of big, little", "subbits", ff, 1, 8, "integer", "signed", "native"),
                fails("expects an integer, got 1.5", "subbits", ff, 1.5),
                fails("expects an integer, got \"1\"", "subbits", ff, "1", 2),
                fails("expects a string, got undefined", "subbits", UNDEFINED, 1),
                fails("expects 2 to 6 argument(s), got 1", "subbits", ff));
    }

    static Stream<RuleCalls.Case> hexOfBits() {
        return Stream.of(
                // EMQX: subbits(hexstr2bin("9F4E58"), 1, 6, bits) is <<39:6>>, "27" in hex
                ok("\"27\"", "bin2hexstr", call("subbits", bin("9F4E58"), 1, 6, "bits", "unsigned", "big")),
                // bits that are not whole bytes: padded in front; a first digit that is only padding is dropped
                ok("\"2\"", "bin2hexstr", call("subbits", bin("80"), 1, 2, "bits")),
                ok("\"0102\"", "bin2hexstr", call("subbits", bin("0810"), 1, 13, "bits")),
                ok("\"102\"", "bin2hexstr", call("subbits", bin("1020"), 1, 12, "bits")),
                ok("\"01121\"", "bin2hexstr", call("subbits", bin("089080"), 1, 17, "bits")),
                ok("\"0x2\"", "sqlserver_bin2hexstr", call("subbits", bin("80"), 1, 2, "bits")),
                // whole bytes of bits are a binary
                ok("\"9F\"", "bin2hexstr", call("subbits", bin("9F4E58"), 1, 8, "bits")),
                ok("\"4E58\"", "bin2hexstr", call("subbits", bin("9F4E58"), 9, 16, "bits")),
                ok("\"FF00\"", "bin2hexstr", bin("FF00")),
                ok("\"0x0102\"", "sqlserver_bin2hexstr", "\u0001\u0002"),
                ok("\"0x1121\"", "sqlserver_bin2hexstr", "\u0011!"),
                ok("\"0x\"", "sqlserver_bin2hexstr", ""),
                fails("expects a string, got undefined", "sqlserver_bin2hexstr", UNDEFINED),
                fails("expects 1 argument(s), got 2", "sqlserver_bin2hexstr", "a", "0x"));
    }

    static Stream<RuleCalls.Case> hashes() {
        return Stream.of(
                ok("\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"", "hash", "sha256", "abc"),
                ok("\"a9993e364706816aba3e25717850c26c9cd0d89d\"", "hash", "sha", "abc"),
                ok("\"a9993e364706816aba3e25717850c26c9cd0d89d\"", "hash", "sha1", "abc"),
                ok("\"900150983cd24fb0d6963f7d28e17f72\"", "hash", "md5", "abc"),
                ok("\"3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532\"", "hash", "sha3_256",
                        "abc"),
                ok("\"b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78\"", "hash", "sha256", "ABC"),
                ok("\"5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9\"", "hash", "sha256", 0),
                ok("\"a8100ae6aa1940d0b663bb31cd466142ebbdbd5187131b92d93818987832eb89\"", "hash", "sha256",
                        bin("FF")),
                fails("unknown or unsupported algorithm \"sha999\"", "hash", "sha999", "abc"),
                fails("unsupported algorithm \"md4\"", "hash", "md4", "abc"),
                fails("expects data, got undefined", "hash", "sha256", UNDEFINED),
                fails("expects data, got null", "hash", "sha256", j("null")),
                fails("expects 2 argument(s), got 1", "hash", "sha256"));
    }

    static Stream<RuleCalls.Case> compressionFailures() {
        return Stream.of(
                fails("not gzip data", "gunzip", "hello"),
                fails("not gzip data", "gunzip", bin("1F8B0800000000000003CB48")),
                fails("truncated gzip data", "gunzip", bin("1F8B0800000000000003CB48CDC9C9070086A61036")),
                fails("does not match its checksum", "gunzip", bin("1F8B0800000000000003CB48CDC9C9070086A6103606000000")),
                fails("not compressed data", "unzip", bin("FFFFFFFF")),
                fails("not compressed data", "zip_uncompress", "hello"),
                fails("the compressed data is incomplete", "zip_uncompress", bin("789CCB48CDC9")),
                fails("expects a string, got undefined", "gzip", UNDEFINED),
                fails("expects a string, got null", "zip", j("null")),
                fails("expects a string, got {}", "zip_compress", j("{}")),
                fails("expects 1 argument(s), got 2", "gunzip", "a", "b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"sizes", "subbits", "hexOfBits", "hashes", "compressionFailures"})
    void cases(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void compressionWritesWhatZlibWrites() {
        // zlib's own output for "hello" (the gzip header has no name or time and OS 3, as zlib:gzip writes)
        assertThat(hex(call("gzip", "hello"))).isEqualTo("1F8B0800000000000003CB48CDC9C9070086A6103605000000");
        assertThat(hex(call("zip", "hello"))).isEqualTo("CB48CDC9C90700");
        assertThat(hex(call("zip_compress", "hello"))).isEqualTo("789CCB48CDC9C90700062C0215");
        assertThat(call("gzip", "hello")).isInstanceOf(BinaryNode.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "{\"a\":1}", "你好🐸", "FF00FE80"})
    void compressionRoundTrips(String s) {
        assertThat(text(call("gunzip", call("gzip", s)))).isEqualTo(s);
        assertThat(text(call("unzip", call("zip", s)))).isEqualTo(s);
        assertThat(text(call("zip_uncompress", call("zip_compress", s)))).isEqualTo(s);
        // bytes that are not UTF-8 come back as a binary
        Object raw = bin(s.isEmpty() ? "FF" : "FF" + HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8)));
        assertThat(bytes(call("gunzip", call("gzip", raw)))).isEqualTo(bytes(raw));
        assertThat(bytes(call("unzip", call("zip", raw)))).isEqualTo(bytes(raw));
        assertThat(bytes(call("zip_uncompress", call("zip_compress", raw)))).isEqualTo(bytes(raw));
        assertThat(call("gunzip", call("gzip", raw))).isInstanceOf(BinaryNode.class);
    }

    @Test
    void gunzipReadsConcatenatedMembers() {
        byte[] a = bytes(call("gzip", "ab"));
        byte[] b = bytes(call("gzip", "cd"));
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThat(text(call("gunzip", BinaryNode.valueOf(both)))).isEqualTo("abcd");
    }

    @Test
    void aDecompressionBombFails() {
        Object big = call("zip_compress", "a".repeat(BinaryFunctions.MAX_INFLATED_BYTES + 1));
        assertError(call("zip_uncompress", big), "expands beyond");
    }

    @Test
    void strUtf16LeGivesTheUtf16LittleEndianBytes() {
        assertThat(hex(call("str_utf16_le", "abc"))).isEqualTo("610062006300");
        assertThat(bytes(call("str_utf16_le", "abc 你好👋")))
                .isEqualTo("abc 你好👋".getBytes(StandardCharsets.UTF_16LE));
        assertThat(bytes(call("str_utf16_le", j("{\"a\":1}"))))
                .isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE));
        assertThat(hex(call("str_utf16_le", 1))).isEqualTo("3100");
        assertThat(hex(call("str_utf16_le", 2.0))).isEqualTo("32002E003000");
        assertThat(hex(call("str_utf16_le", true))).isEqualTo("7400720075006500");
        assertThat(call("str_utf16_le", "")).isInstanceOf(BinaryNode.class);
        assertThat(call("str_utf16_le", UNDEFINED)).isNull();
    }

    @Test
    void binariesReadAsTheirUtf8Text() {
        // hexstr2bin gives text when the bytes are UTF-8, a binary when not
        assertThat(text(call("hexstr2bin", "C3A9"))).isEqualTo("é");
        assertThat(call("hexstr2bin", "FF")).isInstanceOf(BinaryNode.class);
        assertThat(call("base64_decode", "/w==")).isInstanceOf(BinaryNode.class);
        assertThat(text(call("base64_encode", bin("FF")))).isEqualTo("/w==");
        assertThat(text(call("base64_encode", call("zip_compress", "hello")))).isEqualTo("eJzLSM3JyQcABiwCFQ==");
        assertThat(text(call("bin2hexstr", call("hexstr2bin", "00FF10")))).isEqualTo("00FF10");
        assertThat(text(call("md5", bin("FF")))).isEqualTo("00594fd4f42ba43fc1ca0427a0576295");
        // a binary of UTF-8 text is that text for string functions
        Object utf8 = BinaryNode.valueOf("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(text(call("upper", utf8))).isEqualTo("HÉLLO");
        assertThat(text(call("str", utf8))).isEqualTo("héllo");
        assertThat(text(call("concat", utf8, "!"))).isEqualTo("héllo!");
        assertThat(call("strlen", utf8).toString()).isEqualTo("5");
        // bytes that are not UTF-8 are not text
        assertError(call("lower", bin("FF")), "not UTF-8");
        assertError(call("str", bin("FF")), "not UTF-8");
    }
}
