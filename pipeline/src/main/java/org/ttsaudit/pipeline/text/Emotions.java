package org.ttsaudit.pipeline.text;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Emotion description to the 8-dim vector (happy, angry, sad, afraid, disgusted, melancholic,
 * surprised, calm). Keywords in Chinese and English set a dimension; a degree word just before
 * one (非常, 有点, very, slightly ...) changes its weight. An explicit vector wins over a
 * description; either is scaled by the intensity.
 */
public final class Emotions {
    public static final int DIM = 8;
    public static final float MAX_WEIGHT = 1.2f;
    private static final float DEFAULT_WEIGHT = 0.8f;

    private static final Map<String, Integer> WORDS = new LinkedHashMap<>();
    private static final Map<String, Float> DEGREES = new LinkedHashMap<>();

    static {
        words(0, "开心", "高兴", "快乐", "喜悦", "欢快", "兴奋", "愉快", "happy", "joyful", "cheerful", "excited", "glad", "delighted");
        words(1, "愤怒", "生气", "恼火", "质问", "暴怒", "气愤", "angry", "furious", "mad", "annoyed", "irritated");
        words(2, "悲伤", "难过", "伤心", "哭", "悲痛", "sad", "sorrowful", "tearful", "crying", "grieving");
        words(3, "害怕", "恐惧", "紧张", "担心", "惊恐", "afraid", "scared", "fearful", "nervous", "frightened");
        words(4, "厌恶", "恶心", "嫌弃", "反感", "disgusted", "disgust", "repulsed", "contemptuous");
        words(5, "忧郁", "低落", "惆怅", "沮丧", "消沉", "melancholic", "melancholy", "gloomy", "depressed", "wistful");
        words(6, "惊讶", "吃惊", "震惊", "惊喜", "诧异", "surprised", "amazed", "astonished", "shocked");
        words(7, "平静", "冷静", "温柔", "轻柔", "淡定", "安静", "calm", "gently", "gentle", "soft", "softly", "peaceful", "relaxed", "soothing");
        degree(1.2f, "非常", "特别", "极其", "十分", "极度", "超级", "extremely", "very", "really");
        degree(1.0f, "很", "相当", "quite");
        degree(0.4f, "有点", "有些", "稍微", "略微", "略", "一点", "slightly", "somewhat", "a bit", "a little", "mildly");
    }

    private Emotions() {}

    /** The vector for a description; all zeros (neutral) when no keyword matches. */
    public static float[] fromDescription(String description) {
        float[] vector = new float[DIM];
        if (description == null) {
            return vector;
        }
        String text = description.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Integer> word : WORDS.entrySet()) {
            int at = indexOfWord(text, word.getKey());
            if (at >= 0) {
                float weight = degreeBefore(text, at);
                vector[word.getValue()] = Math.max(vector[word.getValue()], weight);
            }
        }
        return vector;
    }

    /** The vector the model gets: explicit vector or description, times intensity, clamped. */
    public static float[] resolve(float[] explicit, String description, float intensity) {
        float[] base = explicit != null ? explicit.clone() : fromDescription(description);
        for (int i = 0; i < DIM; i++) {
            base[i] = Math.max(0f, Math.min(MAX_WEIGHT, base[i] * intensity));
        }
        return base;
    }

    private static float degreeBefore(String text, int at) {
        String before = text.substring(Math.max(0, at - 12), at).stripTrailing();
        for (Map.Entry<String, Float> degree : DEGREES.entrySet()) {
            if (before.endsWith(degree.getKey())) {
                return degree.getValue();
            }
        }
        return DEFAULT_WEIGHT;
    }

    /** Chinese words match anywhere; English words only as whole words ("mad" not in "made"). */
    private static int indexOfWord(String text, String word) {
        boolean latin = word.chars().allMatch(c -> c < 128);
        int from = 0;
        while (true) {
            int at = text.indexOf(word, from);
            if (at < 0 || !latin) {
                return at;
            }
            int end = at + word.length();
            boolean startOk = at == 0 || !Character.isLetter(text.charAt(at - 1));
            boolean endOk = end == text.length() || !Character.isLetter(text.charAt(end));
            if (startOk && endOk) {
                return at;
            }
            from = at + 1;
        }
    }

    private static void words(int dimension, String... words) {
        for (String word : words) {
            WORDS.put(word, dimension);
        }
    }

    private static void degree(float weight, String... words) {
        for (String word : words) {
            DEGREES.put(word, weight);
        }
    }
}
