package org.ttsaudit.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmotionsTest {
    // Contract order: happy, angry, sad, afraid, disgusted, melancholic, surprised, calm.
    private static final int HAPPY = 0;
    private static final int ANGRY = 1;

    @ParameterizedTest(name = "{0} -> dimension {1}")
    @CsvSource({
        "开心地说, 0", "joyful, 0",
        "愤怒地质问, 1", "Furious!, 1",
        "伤心, 2", "sad, 2",
        "害怕, 3", "scared, 3",
        "厌恶, 4", "disgusted, 4",
        "忧郁, 5", "gloomy, 5",
        "惊讶, 6", "amazed, 6",
        "温柔地, 7", "gently, 7",
    })
    void shouldSetTheDimensionOfAKeywordAndNoOther(String description, int dimension) {
        float[] vector = Emotions.fromDescription(description);

        assertThat(vector).hasSize(8);
        for (int i = 0; i < 8; i++) {
            if (i == dimension) {
                assertThat(vector[i]).as("dimension %d", i).isPositive();
            } else {
                assertThat(vector[i]).as("dimension %d", i).isZero();
            }
        }
    }

    @Test
    void shouldWeighAKeywordByTheDegreeWordBeforeIt() {
        assertThat(Emotions.fromDescription("非常愤怒")[ANGRY])
                .isGreaterThan(Emotions.fromDescription("愤怒")[ANGRY]);
        assertThat(Emotions.fromDescription("愤怒")[ANGRY])
                .isGreaterThan(Emotions.fromDescription("有点愤怒")[ANGRY]);
        assertThat(Emotions.fromDescription("very happy")[HAPPY])
                .isGreaterThan(Emotions.fromDescription("happy")[HAPPY])
                .isGreaterThan(Emotions.fromDescription("slightly happy")[HAPPY]);
        assertThat(Emotions.fromDescription("有点愤怒")[ANGRY]).isPositive();
    }

    @Test
    void shouldSetEveryDimensionADescriptionNames() {
        float[] vector = Emotions.fromDescription("又惊讶又开心");

        assertThat(vector[6]).isPositive();
        assertThat(vector[HAPPY]).isPositive();
        assertThat(vector[ANGRY]).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"he made it", "nomad", "madly", "unhappyness", "", "平常"})
    void shouldLeaveTheVectorNeutralWhenNoWholeKeywordMatches(String description) {
        assertThat(Emotions.fromDescription(description)).containsOnly(0f);
    }

    @Test
    void shouldReturnANeutralVectorForNoDescription() {
        assertThat(Emotions.fromDescription(null)).hasSize(8).containsOnly(0f);
        assertThat(Emotions.resolve(null, null, 1f)).hasSize(8).containsOnly(0f);
    }

    @Test
    void shouldPreferAnExplicitVectorOverTheDescription() {
        float[] explicit = {0f, 0f, 0.7f, 0f, 0f, 0f, 0f, 0f};

        float[] used = Emotions.resolve(explicit, "非常愤怒", 1f);

        assertThat(used).containsExactly(0f, 0f, 0.7f, 0f, 0f, 0f, 0f, 0f);
        assertThat(explicit[2]).as("the caller's array is not modified").isEqualTo(0.7f);
    }

    @Test
    void shouldScaleByIntensity() {
        float[] fromDescription = Emotions.resolve(null, "愤怒", 0.5f);
        float[] fromVector = Emotions.resolve(new float[] {1f, 0f, 0f, 0f, 0f, 0f, 0f, 0.4f}, null, 0.25f);

        assertThat(fromDescription[ANGRY]).isCloseTo(0.4f, within(1e-6f));
        assertThat(fromVector[HAPPY]).isCloseTo(0.25f, within(1e-6f));
        assertThat(fromVector[7]).isCloseTo(0.1f, within(1e-6f));
        assertThat(Emotions.resolve(null, "愤怒", 0f)).containsOnly(0f);
    }

    @Test
    void shouldClampEveryWeightToZeroThroughOnePointTwo() {
        float[] used = Emotions.resolve(new float[] {1.2f, 5f, -0.3f, 0.6f, 0f, 0f, 0f, 0f}, null, 1.5f);

        assertThat(used[0]).as("1.2 x 1.5").isEqualTo(1.2f);
        assertThat(used[1]).as("5 x 1.5").isEqualTo(1.2f);
        assertThat(used[2]).as("-0.3 x 1.5").isZero();
        assertThat(used[3]).as("0.6 x 1.5, within range").isCloseTo(0.9f, within(1e-6f));
        assertThat(Emotions.resolve(null, "极其愤怒", 1f)[ANGRY]).isLessThanOrEqualTo(Emotions.MAX_WEIGHT);
    }
}
