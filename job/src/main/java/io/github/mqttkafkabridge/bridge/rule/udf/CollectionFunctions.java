package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.PathWalker;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.UndefinedElement;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/** EMQX's map and array functions; array positions are 1-based ({@code nth}, {@code sublist}). */
final class CollectionFunctions {
    private CollectionFunctions() {}

    static void registerInto(Map<String, Impl> f) {
        f.put("nth", a -> {
            Args.count(a, "nth", 2, 2);
            long n = Args.integer(a[0], "nth");
            JsonNode list = Args.array(a[1], "nth");
            if (n < 1 || n > list.size()) {
                throw new RuleEvaluationException("nth: index " + n + " is out of range 1.." + list.size());
            }
            return list.get((int) n - 1);
        });
        f.put("length", a -> {
            Args.count(a, "length", 1, 1);
            return LongNode.valueOf(Args.array(a[0], "length").size());
        });
        f.put("first", a -> element(a, "first", true));
        f.put("last", a -> element(a, "last", false));
        f.put("contains", a -> {
            Args.count(a, "contains", 2, 2);
            // lists:member: exact equality, so 1 is not 1.0 and "1" is not 1.
            for (JsonNode e : Args.array(a[1], "contains")) {
                if (RuleCompare.exactlyEqual(a[0], e)) {
                    return BooleanNode.TRUE;
                }
            }
            return BooleanNode.FALSE;
        });
        f.put("sublist", a -> {
            Args.count(a, "sublist", 2, 3);
            JsonNode list = Args.array(a[a.length - 1], "sublist");
            long start = a.length == 3 ? Args.integer(a[0], "sublist") : 1;
            long len = Args.integer(a[a.length - 2], "sublist");
            // lists:sublist: the start is 1 to length + 1, the length 0 or more.
            if (start < 1 || start > list.size() + 1L || len < 0) {
                throw new RuleEvaluationException("sublist: start " + start + " and length " + len
                        + " do not fit an array of " + list.size());
            }
            ArrayNode out = Json.NODES.arrayNode();
            for (long i = start; i < start + len && i <= list.size(); i++) {
                out.add(list.get((int) i - 1));
            }
            return out;
        });
        f.put("map_new", a -> {
            Args.count(a, "map_new", 0, 0);
            return Json.NODES.objectNode();
        });
        f.put("map_get", a -> {
            // A value that is not a map (or JSON text of one) has no keys: the default, as in EMQX.
            Args.count(a, "map_get", 2, 3);
            JsonNode v = PathWalker.walk(a[1], keyPath(a[0], "map_get"), false);
            return v != null ? v : a.length == 3 ? a[2] : null;
        });
        f.put("map_put", a -> {
            // A base that is not a map (or JSON text of one) is replaced by a new map, as in EMQX.
            Args.count(a, "map_put", 3, 3);
            ObjectNode map = objectOrNew(a[2]);
            JsonNode[] path = keyPath(a[0], "map_put");
            ObjectNode parent = map;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = parent.get(path[i].asText());
                parent = child != null && child.isObject() ? (ObjectNode) child : parent.putObject(path[i].asText());
            }
            parent.set(path[path.length - 1].asText(), a[1]);
            return map;
        });
        // mget/mput: the key is one key, never a path ('a.b' is the key "a.b"); the map must be a map.
        f.put("mget", a -> {
            Args.count(a, "mget", 2, 3);
            JsonNode v = Args.object(a[1], "mget").get(Args.text(a[0], "mget"));
            return v != null ? v : a.length == 3 ? a[2] : null;
        });
        f.put("mput", a -> {
            Args.count(a, "mput", 3, 3);
            ObjectNode map = (ObjectNode) Args.object(a[2], "mput").deepCopy();
            map.set(Args.text(a[0], "mput"), a[1]);
            return map;
        });
        f.put("map_keys", a -> {
            Args.count(a, "map_keys", 1, 1);
            ArrayNode out = Json.NODES.arrayNode();
            Args.object(a[0], "map_keys").fieldNames().forEachRemaining(out::add);
            return out;
        });
        f.put("map_values", a -> {
            Args.count(a, "map_values", 1, 1);
            ArrayNode out = Json.NODES.arrayNode();
            Args.object(a[0], "map_values").elements().forEachRemaining(out::add);
            return out;
        });
        f.put("map_size", a -> {
            Args.count(a, "map_size", 1, 1);
            return LongNode.valueOf(Args.object(a[0], "map_size").size());
        });
        f.put("map_to_entries", a -> {
            Args.count(a, "map_to_entries", 1, 1);
            ArrayNode out = Json.NODES.arrayNode();
            Iterator<Map.Entry<String, JsonNode>> it = Args.object(a[0], "map_to_entries").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.addObject().put("key", e.getKey()).set("value", e.getValue());
            }
            return out;
        });
        // coalesce skips undefined only (a JSON null is a value); coalesce_ne skips "" too.
        // An undefined element of a list literal ([payload.x, 1]) is skipped like an undefined argument.
        f.put("coalesce", a -> {
            JsonNode[] values = a.length == 1 && a[0] != null && a[0].isArray() ? toArray(a[0]) : a;
            for (JsonNode v : values) {
                if (!UndefinedElement.is(v)) {
                    return v;
                }
            }
            return null;
        });
        f.put("coalesce_ne", a -> {
            // Empty is also "" and, since Erlang's "" is the empty list, [].
            JsonNode[] values = a.length == 1 && a[0] != null && a[0].isArray() ? toArray(a[0]) : a;
            for (JsonNode v : values) {
                boolean empty = v != null && (v.isTextual() && v.textValue().isEmpty() || v.isArray() && v.isEmpty());
                if (!UndefinedElement.is(v) && !empty) {
                    return v;
                }
            }
            return null;
        });
    }

    private static JsonNode element(JsonNode[] a, String fn, boolean first) {
        Args.count(a, fn, 1, 1);
        JsonNode list = Args.array(a[0], fn);
        if (list.isEmpty()) {
            throw new RuleEvaluationException(fn + ": the array is empty");
        }
        return list.get(first ? 0 : list.size() - 1);
    }

    private static ObjectNode objectOrNew(JsonNode v) {
        JsonNode o = v != null && v.isTextual() ? Json.tryParse(v.textValue()) : v;
        return o != null && o.isObject() ? (ObjectNode) o.deepCopy() : Json.NODES.objectNode();
    }

    /** A map key, which may be a dotted path ({@code 'a.b'}). */
    private static JsonNode[] keyPath(JsonNode key, String fn) {
        if (key == null || !key.isTextual()) {
            // EMQX splits the key as a string: map_get(1, m) fails rather than finding nothing.
            throw new RuleEvaluationException(fn + ": expects a string, got " + Args.describe(key)
                    + " (the key is a path such as 'a' or 'a.b')");
        }
        String[] parts = key.textValue().split("\\.", -1);
        JsonNode[] path = new JsonNode[parts.length];
        for (int i = 0; i < parts.length; i++) {
            path[i] = TextNode.valueOf(parts[i]);
        }
        return path;
    }

    private static JsonNode[] toArray(JsonNode array) {
        JsonNode[] out = new JsonNode[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i);
        }
        return out;
    }
}
