package org.ttsaudit.pipeline.generator;

/**
 * One generated request and the outcome its construction implies: the generator knows it left out
 * the text or broke the JSON, so tests can check the job against what was sent.
 */
public record GeneratedRequest(String requestId, byte[] payload, String expectedStatus, String expectedErrorCode,
                               boolean expectDeadLetter) {}
