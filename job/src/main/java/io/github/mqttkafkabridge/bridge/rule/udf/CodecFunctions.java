package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** Hashes (lowercase hex), base64 and JSON encoding. */
final class CodecFunctions {
    private static final ObjectReader STRICT = Json.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CodecFunctions() {}

    static void registerInto(Map<String, Impl> f) {
        f.put("md5", a -> digest(a, "md5", "MD5"));
        f.put("sha", a -> digest(a, "sha", "SHA-1"));
        f.put("sha256", a -> digest(a, "sha256", "SHA-256"));
        f.put("base64_encode", a -> {
            Args.count(a, "base64_encode", 1, 1);
            return TextNode.valueOf(Base64.getEncoder().encodeToString(
                    Args.text(a[0], "base64_encode").getBytes(StandardCharsets.UTF_8)));
        });
        f.put("base64_decode", a -> {
            Args.count(a, "base64_decode", 1, 1);
            try {
                return TextNode.valueOf(new String(Base64.getDecoder().decode(Args.text(a[0], "base64_decode")),
                        StandardCharsets.UTF_8));
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
        try {
            return TextNode.valueOf(HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(Args.text(a[0], fn).getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
