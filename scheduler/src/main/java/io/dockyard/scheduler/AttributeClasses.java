package io.dockyard.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Instances grouped by the value of one attribute; instances without it form one class of their own. */
record AttributeClasses(int[] classOf, int count) {

    static AttributeClasses of(List<Map<String, String>> attributes, String name) {
        int[] classOf = new int[attributes.size()];
        Map<String, Integer> ids = new HashMap<>();
        String absent = "\0absent", noValue = "\0no value";
        for (int i = 0; i < classOf.length; i++) {
            Map<String, String> a = attributes.get(i);
            String v = !a.containsKey(name) ? absent : a.get(name) == null ? noValue : a.get(name);
            Integer id = ids.get(v);
            if (id == null) ids.put(v, id = ids.size());
            classOf[i] = id;
        }
        return new AttributeClasses(classOf, ids.size());
    }
}
