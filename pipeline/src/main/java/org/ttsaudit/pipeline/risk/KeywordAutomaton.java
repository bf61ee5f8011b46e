package org.ttsaudit.pipeline.risk;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;

/**
 * Aho–Corasick over a set of words: one step per character of the text finds every occurrence of
 * every word, however many words there are. Transitions are kept as sorted character arrays per
 * state (the alphabet is all of Unicode, the fan-out small); a missing transition follows the
 * failure links.
 */
final class KeywordAutomaton implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int[] NONE = new int[0];

    private final char[][] keys;
    private final int[][] targets;
    private final int[] fail;
    /** Per state: the words (by index) that end there, including those reached through failure links. */
    private final int[][] outputs;

    KeywordAutomaton(List<String> words) {
        List<TreeMap<Character, Integer>> trie = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        trie.add(new TreeMap<>());
        out.add(new ArrayList<>());
        for (int w = 0; w < words.size(); w++) {
            int state = 0;
            for (char c : words.get(w).toCharArray()) {
                Integer next = trie.get(state).get(c);
                if (next == null) {
                    next = trie.size();
                    trie.add(new TreeMap<>());
                    out.add(new ArrayList<>());
                    trie.get(state).put(c, next);
                }
                state = next;
            }
            out.get(state).add(w);
        }
        int size = trie.size();
        keys = new char[size][];
        targets = new int[size][];
        for (int s = 0; s < size; s++) {
            keys[s] = new char[trie.get(s).size()];
            targets[s] = new int[trie.get(s).size()];
            int i = 0;
            for (Map.Entry<Character, Integer> e : trie.get(s).entrySet()) {
                keys[s][i] = e.getKey();
                targets[s][i++] = e.getValue();
            }
        }
        fail = new int[size];
        Queue<Integer> queue = new ArrayDeque<>(List.of(0));
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int i = 0; i < keys[s].length; i++) {
                int child = targets[s][i];
                fail[child] = s == 0 ? 0 : next(fail[s], keys[s][i]);
                out.get(child).addAll(out.get(fail[child]));
                queue.add(child);
            }
        }
        outputs = new int[size][];
        for (int s = 0; s < size; s++) {
            outputs[s] = out.get(s).isEmpty() ? NONE : out.get(s).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The state after reading {@code c} in {@code state}; 0 is the start. */
    int next(int state, char c) {
        while (true) {
            int i = Arrays.binarySearch(keys[state], c);
            if (i >= 0) {
                return targets[state][i];
            }
            if (state == 0) {
                return 0;
            }
            state = fail[state];
        }
    }

    /** The words that end at this state. */
    int[] outputs(int state) {
        return outputs[state];
    }
}
