package io.github.mqttkafkabridge.bridge.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the {@code fallback_actions} references once every action is read: each names a configured action, and
 * no action falls back to itself, directly or through others (a fallback of a fallback runs too, so a cycle could
 * pass a message round for ever; the job graph cannot have one either).
 */
final class FallbackCheck {
    private FallbackCheck() {}

    static void check(Map<String, KafkaProducerAction> actions) {
        Map<String, KafkaProducerAction> byId = new HashMap<>();
        actions.values().forEach(a -> byId.put(a.actionId(), a));
        for (KafkaProducerAction a : actions.values()) {
            for (int i = 0; i < a.fallbackActions().size(); i++) {
                if (a.fallbackActions().get(i) instanceof FallbackAction.Reference ref
                        && !byId.containsKey(ref.actionName())) {
                    throw new BridgeConfigException(key(a) + "[" + i + "]: \"" + ref.actionName()
                            + "\" names no configured action; configured: " + byId.keySet());
                }
            }
        }
        for (KafkaProducerAction a : actions.values()) {
            List<String> path = new ArrayList<>();
            path.add(a.actionId());
            findCycle(a, byId, path, a);
        }
    }

    private static void findCycle(KafkaProducerAction at, Map<String, KafkaProducerAction> byId, List<String> path,
                                  KafkaProducerAction start) {
        for (FallbackAction f : at.fallbackActions()) {
            if (f instanceof FallbackAction.Reference ref) {
                if (ref.actionName().equals(start.actionId())) {
                    path.add(ref.actionName());
                    throw new BridgeConfigException(key(start) + ": the fallback actions form a cycle ("
                            + String.join(" -> ", path) + "); a fallback action may not lead back to its action");
                }
                if (path.contains(ref.actionName())) {
                    continue;
                }
                path.add(ref.actionName());
                findCycle(byId.get(ref.actionName()), byId, path, start);
                path.remove(path.size() - 1);
            }
        }
    }

    private static String key(KafkaProducerAction a) {
        return "actions." + a.actionId().replace(':', '.') + ".fallback_actions";
    }
}
