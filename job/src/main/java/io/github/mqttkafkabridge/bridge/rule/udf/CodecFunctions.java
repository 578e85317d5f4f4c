package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** Hashes (lowercase hex), base64 and JSON encoding. */
final class CodecFunctions {
    private static final ObjectReader STRICT = Json.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Erlang crypto's hash names and Java's: md4, shake and blake2 are not in the JDK. */
    private static final Map<String, String> HASHES = new java.util.TreeMap<>(Map.ofEntries(
            Map.entry("md5", "MD5"), Map.entry("sha", "SHA-1"), Map.entry("sha1", "SHA-1"),
            Map.entry("sha224", "SHA-224"), Map.entry("sha256", "SHA-256"), Map.entry("sha384", "SHA-384"),
            Map.entry("sha512", "SHA-512"), Map.entry("sha3_224", "SHA3-224"), Map.entry("sha3_256", "SHA3-256"),
            Map.entry("sha3_384", "SHA3-384"), Map.entry("sha3_512", "SHA3-512")));

    private CodecFunctions() {}

    static void registerInto(Map<String, Impl> f) {
        f.put("md5", a -> digest(a, "md5", "MD5"));
        f.put("sha", a -> digest(a, "sha", "SHA-1"));
        f.put("sha256", a -> digest(a, "sha256", "SHA-256"));
        f.put("hash", CodecFunctions::hash);
        f.put("base64_encode", a -> {
            Args.count(a, "base64_encode", 1, 1);
            return TextNode.valueOf(Base64.getEncoder().encodeToString(Args.bytes(a[0], "base64_encode")));
        });
        f.put("base64_decode", a -> {
            Args.count(a, "base64_decode", 1, 1);
            try {
                // The bytes: a string when they are UTF-8, else a binary.
                return Args.bytesValue(Base64.getDecoder().decode(Args.text(a[0], "base64_decode")));
            } catch (IllegalArgumentException e) {
                throw new RuleEvaluationException("base64_decode: not base64");
            }
        });
        f.put("json_encode", a -> {
            Args.count(a, "json_encode", 1, 1);
            return TextNode.valueOf(a[0] == null ? "null" : Json.write(a[0]));
        });
        f.put("json_decode", a -> {
            Args.count(a, "json_decode", 1, 1);
            String text = Args.text(a[0], "json_decode");
            try {
                // The whole text must be one JSON value: '{"a":1} x' is not JSON.
                JsonNode v = STRICT.readTree(text);
                if (v == null || v.isMissingNode()) {
                    throw new RuleEvaluationException("json_decode: not JSON");
                }
                return v;
            } catch (JsonProcessingException e) {
                throw new RuleEvaluationException("json_decode: not JSON");
            }
        });
    }

    private static JsonNode digest(JsonNode[] a, String fn, String algorithm) {
        Args.count(a, fn, 1, 1);
        return digest(Args.bytes(a[0], fn), algorithm);
    }

    private static JsonNode digest(byte[] data, String algorithm) {
        try {
            return TextNode.valueOf(HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code hash(Algorithm, Data)}: lowercase hex of Erlang crypto's hash, for the algorithms Java has. */
    private static JsonNode hash(JsonNode[] a) {
        Args.count(a, "hash", 2, 2);
        String name = Args.text(a[0], "hash");
        if (a[1] == null || a[1].isNull()) {
            throw new RuleEvaluationException("hash: expects data, got " + Args.describe(a[1]));
        }
        String algorithm = HASHES.get(name);
        if (algorithm == null) {
            throw new RuleEvaluationException("hash: unknown or unsupported algorithm " + Json.quote(name)
                    + " (supported: " + String.join(", ", HASHES.keySet()) + ")");
        }
        return digest(Args.bytes(a[1], "hash"), algorithm);
    }
}
