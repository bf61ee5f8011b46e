package org.ttsaudit.pipeline.synthesis;

/**
 * One row of a model call: the tokens to speak and how to speak them (the voice's embedding, the
 * emotion vector, the duration scale). Every voice model takes these; a model that has no use for
 * one of them (a single-speaker voice ignores the embedding) leaves it unused.
 */
record SynthesisInput(long[] tokens, float[] speaker, float[] emotion, float scale) {}
