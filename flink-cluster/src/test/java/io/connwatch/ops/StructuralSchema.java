package io.connwatch.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validation of a value against a Kubernetes structural schema (the openAPIV3Schema of a CRD), as
 * {@code kubectl apply --validate=strict} would: types, enums, required fields, and no unknown
 * fields unless the schema preserves them.
 */
final class StructuralSchema {
    private StructuralSchema() {}

    static List<String> validate(Map<String, Object> schema, Object value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", errors);
        return errors;
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> s, Object v, String path, List<String> errors) {
        if (v == null || Boolean.TRUE.equals(s.get("x-kubernetes-int-or-string")) && (v instanceof Number || v instanceof String)) {
            return;
        }
        Object type = s.get("type");
        if (s.containsKey("enum") && !((List<Object>) s.get("enum")).contains(v)) {
            errors.add(path + ": " + v + " is not one of " + s.get("enum"));
        }
        if ("object".equals(type) || (type == null && (s.containsKey("properties") || s.containsKey("additionalProperties")))) {
            if (!(v instanceof Map)) {
                errors.add(path + ": expected an object, got " + v);
                return;
            }
            Map<String, Object> obj = (Map<String, Object>) v;
            Map<String, Object> props = (Map<String, Object>) s.getOrDefault("properties", Map.of());
            Object additional = s.get("additionalProperties");
            boolean preserve = Boolean.TRUE.equals(s.get("x-kubernetes-preserve-unknown-fields"));
            for (Object req : (List<Object>) s.getOrDefault("required", List.of())) {
                if (!obj.containsKey(req)) {
                    errors.add(path + ": missing required " + req);
                }
            }
            for (Map.Entry<String, Object> e : obj.entrySet()) {
                String p = path + "." + e.getKey();
                if (props.containsKey(e.getKey())) {
                    check((Map<String, Object>) props.get(e.getKey()), e.getValue(), p, errors);
                } else if (additional instanceof Map) {
                    check((Map<String, Object>) additional, e.getValue(), p, errors);
                } else if (!preserve && !Boolean.TRUE.equals(additional)) {
                    errors.add(p + ": unknown field");
                }
            }
        } else if ("array".equals(type)) {
            if (!(v instanceof List)) {
                errors.add(path + ": expected an array, got " + v);
                return;
            }
            Map<String, Object> items = (Map<String, Object>) s.get("items");
            int i = 0;
            for (Object item : (List<Object>) v) {
                if (items != null) {
                    check(items, item, path + "[" + i + "]", errors);
                }
                i++;
            }
        } else if ("string".equals(type) && !(v instanceof String)) {
            errors.add(path + ": expected a string, got " + v);
        } else if ("integer".equals(type) && !(v instanceof Integer || v instanceof Long)) {
            errors.add(path + ": expected an integer, got " + v);
        } else if ("number".equals(type) && !(v instanceof Number)) {
            errors.add(path + ": expected a number, got " + v);
        } else if ("boolean".equals(type) && !(v instanceof Boolean)) {
            errors.add(path + ": expected a boolean, got " + v);
        }
    }
}
