package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sprintf(Fmt, Args...)} / {@code sprintf_s(Fmt, [Args])}: the common part of Erlang's format directives:
 * {@code ~s ~p ~w} (a value as text; strings without quotes for ~s), {@code ~b} (integer), {@code ~f} and
 * {@code ~.Nf} (float, 6 or N decimals), {@code ~n} (newline), {@code ~~} (tilde). The Unicode modifier
 * {@code t} ({@code ~ts}, {@code ~tp}) is accepted: text is always Unicode here.
 */
final class SprintfFormat {
    private SprintfFormat() {}

    /** {@code sprintf(Fmt, Args...)}: each argument after the format is one value, an array too. */
    static JsonNode apply(JsonNode[] a) {
        if (a.length < 1) {
            throw new RuleEvaluationException("sprintf: expects a format string");
        }
        List<JsonNode> values = new ArrayList<>();
        for (int i = 1; i < a.length; i++) {
            values.add(a[i]);
        }
        return format(Args.text(a[0], "sprintf"), values);
    }

    /** {@code sprintf_s(Fmt, [Args])}: the values are the elements of one array. */
    static JsonNode applyToList(JsonNode[] a) {
        Args.count(a, "sprintf_s", 2, 2);
        if (a[1] == null || !a[1].isArray()) {
            throw new RuleEvaluationException("sprintf_s: expects an array of arguments, got " + Args.describe(a[1]));
        }
        List<JsonNode> values = new ArrayList<>();
        a[1].forEach(values::add);
        return format(Args.text(a[0], "sprintf_s"), values);
    }

    private static JsonNode format(String fmt, List<JsonNode> values) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '~' || i + 1 >= fmt.length()) {
                out.append(c);
                continue;
            }
            int j = i + 1;
            int precision = -1;
            if (fmt.charAt(j) == '.') {
                int k = j + 1;
                while (k < fmt.length() && Character.isDigit(fmt.charAt(k))) {
                    k++;
                }
                precision = Integer.parseInt(fmt.substring(j + 1, k));
                j = k;
            }
            if (j < fmt.length() && fmt.charAt(j) == 't') {
                j++;
            }
            char d = j < fmt.length() ? fmt.charAt(j) : ' ';
            switch (d) {
                case '~':
                    out.append('~');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 's':
                    out.append(Json.toText(arg(values, next++)));
                    break;
                case 'p':
                case 'w':
                    JsonNode v = arg(values, next++);
                    out.append(v.isTextual() ? v.textValue() : Json.write(v));
                    break;
                case 'b':
                    out.append(Args.integer(arg(values, next++), "sprintf"));
                    break;
                case 'f':
                    // Rounds the float's exact value, as Erlang does (~.2f of 2.675 is 2.67).
                    out.append(new BigDecimal(Args.dbl(arg(values, next++), "sprintf"))
                            .setScale(precision < 0 ? 6 : precision, RoundingMode.HALF_UP).toPlainString());
                    break;
                default:
                    throw new RuleEvaluationException("sprintf: unsupported directive ~" + d);
            }
            i = j;
        }
        if (next != values.size()) {
            throw new RuleEvaluationException("sprintf: " + values.size() + " arguments for " + next + " directives");
        }
        return TextNode.valueOf(out.toString());
    }

    private static JsonNode arg(List<JsonNode> values, int index) {
        if (index >= values.size() || values.get(index) == null) {
            throw new RuleEvaluationException("sprintf: missing argument " + (index + 1));
        }
        return values.get(index);
    }
}
