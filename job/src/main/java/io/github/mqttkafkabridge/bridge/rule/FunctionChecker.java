package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.rule.RuleAst.ArrayLiteral;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Binary;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Call;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Case;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Expr;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Field;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.In;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Negate;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Not;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Path;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.PathStep;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions;

import java.util.Map;

/** Rejects calls to functions the bridge does not implement, at start-up rather than per message. */
final class FunctionChecker {
    private static final String KV_STORE = "it reads EMQX's node-local store, which the bridge does not have";
    private static final String PROC_DICT =
            "it uses the Erlang process dictionary of an EMQX rule worker, which the bridge does not have";

    /** EMQX functions the bridge cannot have, and why. */
    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("kv_store_get", KV_STORE), Map.entry("kv_store_put", KV_STORE),
            Map.entry("kv_store_del", KV_STORE),
            Map.entry("proc_dict_get", PROC_DICT), Map.entry("proc_dict_put", PROC_DICT),
            Map.entry("proc_dict_del", PROC_DICT),
            Map.entry("term_encode", "it writes Erlang's external term format, which has no JSON equivalent"),
            Map.entry("term_decode", "it reads Erlang's external term format, which has no JSON equivalent"),
            Map.entry("mongo_date", "it makes an Erlang timestamp tuple for EMQX's MongoDB connector"),
            Map.entry("peerhost", "the bridge does not see the publisher's network address"),
            Map.entry("clientip", "the bridge does not see the publisher's network address"),
            Map.entry("contains_topic", "it reads a client's subscription list, which only the broker has"),
            Map.entry("contains_topic_match", "it reads a client's subscription list, which only the broker has"));

    /** Whether aggregate functions are allowed (the rule has GROUP BY). */
    private final boolean grouped;

    private FunctionChecker(boolean grouped) {
        this.grouped = grouped;
    }

    static void check(RuleAst.Statement statement) {
        new FunctionChecker(statement.groupBy() != null).checkStatement(statement);
    }

    private void checkStatement(RuleAst.Statement statement) {
        for (Field f : statement.fields()) {
            if (!f.star()) {
                visit(f.expr());
            }
        }
        if (statement.where() != null) {
            visit(statement.where());
        }
        if (statement.foreach() != null) {
            statement.foreach().selected().stream().filter(f -> !f.star()).forEach(f -> visit(f.expr()));
            visit(statement.foreach().array());
            visit(statement.foreach().incase());
        }
    }

    private void visit(Expr e) {
        if (e == null) {
            return;
        }
        if (e instanceof Call c) {
            boolean aggregate = grouped && WindowedSqlWriter.AGGREGATES.contains(c.function());
            if (!aggregate && !RuleFunctions.exists(c.function())
                    && !FlinkSqlWriter.COLUMN_FUNCTIONS.contains(c.function())) {
                String why = UNSUPPORTED.get(c.function());
                throw new RuleSyntaxException(why == null ? "unknown function " + c.function() + "()"
                        : "function " + c.function() + "() is not supported: " + why, c.line(), c.column());
            }
            c.args().forEach(this::visit);
        } else if (e instanceof Binary b) {
            visit(b.left());
            visit(b.right());
        } else if (e instanceof Not n) {
            visit(n.operand());
        } else if (e instanceof Negate n) {
            visit(n.operand());
        } else if (e instanceof In in) {
            visit(in.value());
            in.candidates().forEach(this::visit);
        } else if (e instanceof ArrayLiteral a) {
            a.elements().forEach(this::visit);
        } else if (e instanceof Case c) {
            visit(c.subject());
            c.whens().forEach(this::visit);
            c.thens().forEach(this::visit);
            visit(c.otherwise());
        } else if (e instanceof Path p) {
            for (PathStep s : p.steps()) {
                visit(s.index());
            }
        }
    }
}
