package org.ttsaudit.pipeline.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.ttsaudit.inference.batch.Batch;
import org.ttsaudit.inference.batch.BatchOptions;
import org.ttsaudit.inference.batch.MicroBatchingAsyncFunction;
import org.ttsaudit.inference.onnx.Device;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.models.audio.Signals;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.pipeline.provenance.ProvenanceLabel;
import org.ttsaudit.pipeline.records.Status;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.refaudio.FetchLimits;
import org.ttsaudit.pipeline.refaudio.LocalHttpServer;
import org.ttsaudit.pipeline.refaudio.ReferencePolicy;
import org.ttsaudit.pipeline.security.RefKeySource;
import org.ttsaudit.pipeline.security.RefVault;
import org.ttsaudit.pipeline.testing.PeakMemory;
import org.ttsaudit.pipeline.text.Tokenizer;

/** A real handler on the shipped models, CPU sessions, a local audio store and reference clips written here. */
class TtsBatchHandlerTest {
    private static final int RATE = 22050;
    /** The synthesizer card's samples_per_token: 4410 samples at 22050 Hz, 200 ms per token at scale 1. */
    private static final int SAMPLES_PER_TOKEN = 4410;
    private static final long EVENT_TIME = Instant.parse("2026-01-31T08:00:00Z").toEpochMilli();

    @TempDir
    static Path store;
    @TempDir
    static Path voices;
    /** 11, 11, 11, 11 and 11 Han characters, each sentence followed by a pause: 59 tokens. */
    private static final String FIVE_SENTENCES = "今天天气很好我们去公园。明天也许会下雨记得带伞。"
            + "他说这本书非常有意思的。我们一起去图书馆看看吧。晚上回家以后早点休息吧。";
    private static TtsBatchHandler handler;
    /** The same models, with segments of at most 16 tokens. */
    private static TtsBatchHandler segmenting;
    private static LocalHttpServer voiceServer;
    private static ProvenanceLabel.Source label;
    private static int nextId;

    @BeforeAll
    static void startHandler() throws Exception {
        clip("alice.wav", VoiceClips.speech(1, 3.0, RATE));
        clip("bob.wav", VoiceClips.speech(2, 3.5, RATE));
        clip("short.wav", VoiceClips.speech(3, 2.9, RATE));
        clip("noisy.wav", VoiceClips.noisySpeech(5, 3.0, RATE, 13));
        clip("silent.wav", new float[3 * RATE]);
        clip("clipped.wav", clipped(VoiceClips.speech(4, 3.0, RATE)));
        Files.writeString(voices.resolve("notes.wav"), "this is not audio", StandardCharsets.UTF_8);
        voiceServer = LocalHttpServer.start();
        Path key = Files.writeString(voices.resolve("label.key"), Base64.getEncoder().encodeToString(RefVault.newKey()));
        label = new ProvenanceLabel.Source(new RefKeySource("k1", "k1", key.toString()), "provider-7", "tts-audit (test)");
        handler = new TtsBatchHandler(settings(64));
        segmenting = new TtsBatchHandler(settings(16));
    }

    /** inference.max-batch-samples of the handlers here (the job's default). */
    private static final long MAX_BATCH_SAMPLES = 16_000_000L;

    private static SynthesisSettings settings(int maxSegmentTokens) {
        return new SynthesisSettings("classpath:/models/synth.json", "classpath:/models/speaker_encoder.json", Device.CPU, 1,
                store.toUri().toString(), new ReferencePolicy(voices.toString(), List.of("127.0.0.1"), true, FetchLimits.DEFAULTS),
                1_000_000, new ReferenceGate(3000, 20.0), 16, label, maxSegmentTokens, 200, MAX_BATCH_SAMPLES);
    }

    @AfterAll
    static void closeHandler() throws Exception {
        handler.close();
        segmenting.close();
        voiceServer.close();
    }

    @Test
    void shouldReturnOneResultPerRequestInOrderEachWithAStoredWav() throws Exception {
        List<TtsRequest> requests = List.of(
                request("你好世界", "alice.wav"), request("A4纸", "bob.wav"), request("今天天气很好", "alice.wav"));

        List<SynthesisResult> results = handle(requests, 5, 6, 7);

        assertThat(results).hasSize(3);
        for (int i = 0; i < 3; i++) {
            SynthesisResult r = results.get(i);
            assertThat(r.request).isSameAs(requests.get(i));
            assertThat(r.status).isEqualTo(Status.SUCCESS);
            assertThat(r.errorCode).isNull();
            assertThat(r.queueMs).isEqualTo(5L + i);
            assertThat(r.device).isEqualTo("cpu");
            assertThat(r.modelVersion).isEqualTo("tts-synth-tiny@2.0.0");
            assertThat(r.batchSize).isEqualTo(3);
            assertThat(r.segments).isEqualTo(1);
            assertThat(r.modelFormat).as("the card has no format key").isEqualTo("tts-audit");
            assertThat(r.outputAudioUrl).endsWith("/2026-01-31/" + r.request.requestId + ".wav");
            byte[] file = Files.readAllBytes(Path.of(URI.create(r.outputAudioUrl)));
            Wav.Decoded wav = Wav.decode(file);
            ProvenanceLabel.Verification v = label.open().verify(file);
            assertThat(v.outcome()).isEqualTo(ProvenanceLabel.Outcome.VERIFIED);
            assertThat(v.fields().produceId()).isEqualTo(r.request.requestId);
            assertThat(v.fields().contentProducer()).isEqualTo("provider-7");
            assertThat(wav.sampleRate()).isEqualTo(RATE);
            assertThat(wav.channels()).isEqualTo(1);
            assertThat(wav.seconds() * 1000).isCloseTo(r.achievedDurationMs, within(1.0));
            assertThat(Path.of(URI.create(r.outputAudioUrl))).startsWith(store);
        }
        // Free mode: one token per character (A, 4, 纸 / 4 and 6 Han characters), 200 ms each.
        assertThat(samples(results.get(0))).isEqualTo(4 * SAMPLES_PER_TOKEN);
        assertThat(samples(results.get(1))).isEqualTo(3 * SAMPLES_PER_TOKEN);
        assertThat(samples(results.get(2))).isEqualTo(6 * SAMPLES_PER_TOKEN);
        assertThat(results.get(0).refAudioDurationMs).isEqualTo(3000);
        assertThat(results.get(1).refAudioDurationMs).isEqualTo(3500);
        assertThat(results.get(0).refAudioRmsDbfs)
                .isCloseTo(Signals.rmsDbfs(VoiceClips.speech(1, 3.0, RATE)), within(0.1));
    }

    @Test
    void shouldHitTheRequestedDurationInControlledMode() throws Exception {
        String text = "今天天气很好";
        int[] targetsMs = {400, 1234, 4321};
        double[] ratios = {0.5, 1.37, 2.0};
        List<TtsRequest> requests = new ArrayList<>(List.of(request(text, "alice.wav")));
        for (int ms : targetsMs) {
            requests.add(controlled(request(text, "alice.wav"), ms, null));
        }
        for (double ratio : ratios) {
            requests.add(controlled(request(text, "bob.wav"), null, ratio));
        }

        List<SynthesisResult> results = handle(requests);

        assertThat(results).extracting(r -> r.status + " " + r.errorCode + " " + r.errorMessage)
                .containsOnly(Status.SUCCESS + " null null");
        double naturalMs = millis(results.get(0));
        for (int k = 0; k < targetsMs.length; k++) {
            SynthesisResult r = results.get(1 + k);
            assertThat(millis(r)).as("target %d ms", targetsMs[k])
                    .isCloseTo(targetsMs[k], within(Math.max(0.01 * targetsMs[k], 20)));
            assertThat(r.requestedDurationMs).isEqualTo(targetsMs[k]);
        }
        for (int k = 0; k < ratios.length; k++) {
            SynthesisResult r = results.get(1 + targetsMs.length + k);
            double expected = ratios[k] * naturalMs;
            assertThat(millis(r)).as("ratio %s", ratios[k]).isCloseTo(expected, within(Math.max(0.01 * expected, 20)));
            assertThat(r.requestedDurationMs).isCloseTo((int) Math.round(expected), within(1));
        }
        assertThat(results.get(0).requestedDurationMs).isNull();
    }

    @Test
    void shouldHintTheExpectedLengthSoThatTheOperatorCanGroupSimilarRequests() {
        // 200 ms a token at scale 1, about one token per character.
        assertThat(handler.cost(request("今天天气很好", "alice.wav"))).isEqualTo(1200.0);
        assertThat(handler.cost(request("你好", "alice.wav"))).isEqualTo(400.0);
        assertThat(handler.cost(controlled(request("你好", "alice.wav"), 3000, null))).isEqualTo(3000.0);
        assertThat(handler.cost(controlled(request("你好", "alice.wav"), null, 1.5))).isCloseTo(600.0, within(1e-9));
        TtsRequest noText = request("x", "alice.wav");
        noText.text = null;
        assertThat(handler.cost(noText)).as("bad input is the handler's to reject, not the hint's").isZero();
    }

    @Test
    void shouldRejectADurationTargetTooFarFromTheNaturalLengthAlone() throws Exception {
        // Natural lengths: 6 tokens = 1200 ms, 2 tokens = 400 ms; 250 ms and 60 s are far outside 0.25..4 times.
        List<TtsRequest> requests = List.of(controlled(request("今天天气很好", "alice.wav"), 250, null),
                controlled(request("你好", "alice.wav"), 60_000, null), controlled(request("你好", "alice.wav"), 1000, null));

        List<SynthesisResult> results = handle(requests);

        assertThat(results).extracting(r -> r.errorCode)
                .containsExactly("BAD_DURATION_TARGET", "BAD_DURATION_TARGET", null);
        assertThat(results.get(0).status).isEqualTo(Status.REJECTED);
        assertThat(millis(results.get(2))).isCloseTo(1000, within(20.0));
    }

    @Test
    void shouldRejectUnusableReferencesWithoutFailingTheirNeighbours() throws Exception {
        List<TtsRequest> requests = List.of(request("你好", "alice.wav"), request("你好", "missing.wav"),
                request("你好", "short.wav"), request("你好", "silent.wav"), request("你好", "notes.wav"),
                request("你好", "clipped.wav"), request("你好", "noisy.wav"), request("再见", "bob.wav"));

        List<SynthesisResult> results = handle(requests);

        assertThat(results).extracting(r -> r.status).containsExactly(Status.SUCCESS, Status.REJECTED,
                Status.REJECTED, Status.REJECTED, Status.REJECTED, Status.REJECTED, Status.REJECTED, Status.SUCCESS);
        assertThat(results).extracting(r -> r.errorCode).containsExactly(null, "REF_AUDIO_NOT_FOUND",
                "REF_AUDIO_TOO_SHORT", "REF_AUDIO_SILENT", "REF_AUDIO_INVALID", "REF_AUDIO_CLIPPED", "REF_AUDIO_NOISY", null);
        assertThat(results).extracting(r -> r.request).containsExactlyElementsOf(requests);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.device).isEqualTo("cpu");
            assertThat(r.modelVersion).isEqualTo("tts-synth-tiny@2.0.0");
            assertThat(r.modelFormat).isEqualTo("tts-audit");
        });
        for (SynthesisResult rejected : results.subList(1, 7)) {
            assertThat(rejected.segments).as("never reached the model").isNull();
            assertThat(rejected.errorMessage).isNotBlank();
            assertThat(rejected.outputAudioUrl).isNull();
            assertThat(store.resolve("2026-01-31").resolve(rejected.request.requestId + ".wav")).doesNotExist();
        }
        assertThat(results.get(0).batchSize).isEqualTo(2);
        assertThat(results.get(7).batchSize).isEqualTo(2);
        assertThat(Path.of(URI.create(results.get(7).outputAudioUrl))).isRegularFile();
        assertThat(results.get(2).errorMessage).contains("2900 ms", "at least 3000 ms");
        assertThat(results.get(6).errorMessage).contains("noisy", "quiet room");
    }

    @Test
    void shouldSpeakTheTokensTheParserLeftWithoutReadingTheTextAgain() throws Exception {
        TtsRequest parsed = request("你好", "alice.wav");
        // Five tokens for a two-character text: only tokens carried from the parser can make five.
        parsed.tokens = new long[] {5, 6, 7, 8, 9};
        parsed.tokenBreaks = new byte[5];

        List<SynthesisResult> results = handle(List.of(parsed));

        assertThat(samples(results.get(0))).isEqualTo(5 * SAMPLES_PER_TOKEN);
    }

    @Test
    void shouldReadTheTextAtItsAdmissionAndRefuseAnUnspeakableOneThere() throws Exception {
        SynthesisResult refused = handler.admit(request("，。！", "alice.wav")).join();

        assertThat(refused).as("refused at admission").isNotNull();
        assertThat(refused.status).isEqualTo(Status.REJECTED);
        assertThat(refused.errorCode).isEqualTo("TEXT_UNSPEAKABLE");

        TtsRequest r = request("你好", "alice.wav");
        assertThat(handler.admit(r).join()).as("admitted").isNull();
        r.text = "再见再见再见"; // six tokens: the batch must speak the two read at admission
        SynthesisResult result = handler.handle(new Batch<>(List.of(r), new long[1])).get(0).join();

        assertThat(samples(result)).isEqualTo(2 * SAMPLES_PER_TOKEN);
    }

    @Test
    void shouldSynthesizeWithTheVoiceItsAdmissionResolvedWithoutLocatingItAgain() throws Exception {
        Path gone = clip("gone-after-admission.wav", VoiceClips.speech(11, 3.0, RATE));
        TtsRequest r = request("你好", "gone-after-admission.wav");

        assertThat(handler.admit(r).join()).as("admitted").isNull();
        Files.delete(gone);
        SynthesisResult result = handler.handle(new Batch<>(List.of(r), new long[1])).get(0).join();

        assertThat(result.status).as(result.errorMessage).isEqualTo(Status.SUCCESS);
        assertThat(result.refAudioDurationMs).isEqualTo(3000);
    }

    @Test
    void shouldSynthesizeALongTextInSegmentsAsLongAsOneUtterance() throws Exception {
        // 5 sentences, 59 tokens: one segment at 64 tokens, cut at sentences at 16.
        List<SynthesisResult> whole = handle(handler, List.of(request(FIVE_SENTENCES, "alice.wav")));
        List<SynthesisResult> cut = handle(segmenting, List.of(request(FIVE_SENTENCES, "alice.wav"),
                controlled(request(FIVE_SENTENCES, "bob.wav"), 15_000, null),
                controlled(request(FIVE_SENTENCES, "bob.wav"), null, 0.62)));

        assertThat(whole.get(0).segments).isEqualTo(1);
        assertThat(cut).extracting(r -> r.segments).containsOnly(5);
        assertThat(samples(whole.get(0))).isEqualTo(59 * SAMPLES_PER_TOKEN);
        assertThat(samples(cut.get(0))).as("a 200 ms pause where each cut left out a pause token")
                .isEqualTo(59 * SAMPLES_PER_TOKEN);
        assertThat(millis(cut.get(1))).isCloseTo(15_000, within(0.01 * 15_000));
        double ratioMs = 0.62 * 59 * 200;
        assertThat(millis(cut.get(2))).isCloseTo(ratioMs, within(Math.max(0.01 * ratioMs, 20)));
    }

    @Test
    void shouldKeepPitchAndLoudnessContinuousAcrossTheSeams() throws Exception {
        float[] whole = audio(handle(handler, List.of(request(FIVE_SENTENCES, "alice.wav"))).get(0));
        float[] cut = audio(handle(segmenting, List.of(request(FIVE_SENTENCES, "alice.wav"))).get(0));

        // The pause tokens after the first four sentences, 200 ms each, at the same places in both
        // clips: in one utterance they are the model's own pauses, in the segmented one the seams.
        for (int t : new int[] {11, 23, 35, 47}) {
            for (int from : new int[] {t * SAMPLES_PER_TOKEN - RATE / 20, (t + 1) * SAMPLES_PER_TOKEN}) {
                int to = from + RATE / 20;
                assertThat(Signals.rmsDbfs(cut, from, to)).as("level by the seam at token %d", t)
                        .isCloseTo(Signals.rmsDbfs(whole, from, to), within(1.0));
                assertThat(Signals.f0(cut, RATE, from, to)).as("pitch by the seam at token %d", t)
                        .isCloseTo(Signals.f0(whole, RATE, from, to), within(0.02 * Signals.f0(whole, RATE, from, to)));
            }
        }
    }

    @Test
    void shouldSynthesizeSixteenFiveThousandCharacterRequestsAtOnce() throws Exception {
        List<TtsRequest> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            requests.add(request(longText(), i % 2 == 0 ? "alice.wav" : "bob.wav"));
        }
        int tokens = Tokenizer.fromCard(OnnxModel.readCard("classpath:/models/synth.json")).tokenize(longText(), null).length;
        List<SynthesisResult> results;
        long liveMb;
        try (PeakMemory peak = PeakMemory.start()) {
            long start = System.nanoTime();
            results = handle(handler, requests);
            System.out.printf("16 x 5000 characters: %d ms; %s%n", (System.nanoTime() - start) / 1_000_000, peak.report());
            liveMb = peak.livePeakAboveStartMb();
        }
        // What the handler holds at once, from inference.max-batch-samples (M) and the longest clip
        // (C samples): a call's padded output and its rows cut from it (8 bytes a sample, M at
        // most); the clips waiting for or on a storing thread, at most M when a call starts and one
        // clip more by its end, each as segments, joined samples, WAV and labelled WAV (12 bytes a
        // sample); the requests under way, whose segments so far are kept: the schedule finishes the
        // oldest first, so two clips at most, and the first segment of each of the others; 64 MB for
        // everything else. Were the 16 clips all held (the requests run side by side), the clips
        // alone would be 1.4 GB.
        long m = MAX_BATCH_SAMPLES;
        long c = (long) tokens * 200 * RATE / 1000;
        long segment = 64L * 200 * RATE / 1000;
        long boundMb = (8 * m + 12 * (m + c) + 4 * 2 * c + 4 * 16 * segment >> 20) + 64;
        System.out.printf("live heap's peak %d MB above the start, bound %d MB (M %d samples, C %d samples)%n", liveMb, boundMb, m, c);
        assertThat(liveMb).as("live heap's peak above the start, MB").isLessThan(boundMb);
        assertThat(results).extracting(r -> r.status).containsOnly(Status.SUCCESS);
        assertThat(results).extracting(r -> r.segments).containsOnly(84);
        assertThat(results).extracting(r -> r.achievedDurationMs).containsOnly(tokens * 200);
    }

    /**
     * Through the operator: a short request sent while four 5,000-character ones are under way is
     * in the next model call, so it is done long before them; their segments go on in the calls
     * after it, without any further request arriving. It is sent in the first call (a second or two
     * here): the first long request ends in the second call, so a short one sent in the second
     * call (as a fixed wait of 1.5 s did once calls took 0.9 s) would see it finish first.
     */
    @Test
    void shouldNotHoldAShortRequestBehindLongOnesForMoreThanOneModelCall() throws Exception {
        BatchOptions options = BatchOptions.builder().maxBatchSize(16).maxQueueDelayMs(5).capacity(64).timeoutMs(300_000).build();
        MicroBatchingAsyncFunction<TtsRequest, SynthesisResult> function =
                new MicroBatchingAsyncFunction<>(new TtsHandlerFactory(settings(64)), options);
        List<SynthesisResult> results;
        TtsRequest shortOne = request("你好", "bob.wav");
        try (OneInputStreamOperatorTestHarness<TtsRequest, SynthesisResult> harness = new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(function, options.timeoutMs, options.capacity, AsyncDataStream.OutputMode.UNORDERED),
                TypeInformation.of(TtsRequest.class).createSerializer(new SerializerConfigImpl()))) {
            harness.open();
            for (int i = 0; i < 4; i++) {
                harness.processElement(request(longText(), "alice.wav"), i);
            }
            Thread.sleep(300);
            shortOne.ingestTime = System.currentTimeMillis();
            harness.processElement(shortOne, 4);
            harness.endInput();
            results = harness.extractOutputValues();
        }

        assertThat(results).hasSize(5).extracting(r -> r.status).containsOnly(Status.SUCCESS);
        SynthesisResult quick = results.stream().filter(r -> r.request.requestId.equals(shortOne.requestId)).findFirst().orElseThrow();
        List<SynthesisResult> slow = results.stream().filter(r -> r != quick).toList();
        long firstLongDone = slow.stream().mapToLong(r -> r.finishedAt).min().orElseThrow();
        System.out.printf("short request: %d ms from its arrival (model call %d ms, %d rows); long ones done %d..%d ms after it%n",
                quick.totalMs, quick.inferenceMs, quick.batchSize, firstLongDone - quick.finishedAt,
                slow.stream().mapToLong(r -> r.finishedAt).max().orElseThrow() - quick.finishedAt);
        assertThat(quick.segments).isEqualTo(1);
        assertThat(slow).extracting(r -> r.segments).containsOnly(84);
        assertThat(quick.finishedAt).as("done before any of the long ones").isLessThan(firstLongDone);
        // The rest of the call under way when it arrived, then its own call (both about as long, the
        // memory bound filled with segments), then storing: well within three calls.
        assertThat(quick.totalMs).as("within about two model calls of arriving").isLessThan(3 * quick.inferenceMs);
    }

    private static String longText() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 5000) {
            text.append(FIVE_SENTENCES);
        }
        return text.substring(0, 5000);
    }

    @Test
    void shouldReportTheEmotionVectorItUsed() throws Exception {
        TtsRequest described = request("你好", "alice.wav");
        described.emotionDesc = "非常愤怒";
        described.emotionIntensity = 0.5f;
        TtsRequest explicit = request("你好", "alice.wav");
        explicit.emotionVector = new float[] {0.2f, 0f, 0f, 0f, 0f, 0f, 0f, 1.0f};
        explicit.emotionDesc = "非常愤怒";
        TtsRequest neutral = request("你好", "alice.wav");

        List<SynthesisResult> results = handle(List.of(described, explicit, neutral));

        float[] angry = results.get(0).emotionVectorUsed;
        assertThat(angry[1]).as("angry: 'very' (1.2) x intensity 0.5").isCloseTo(0.6f, within(1e-6f));
        assertThat(Arrays.copyOfRange(angry, 2, 8)).containsOnly(0f);
        assertThat(angry[0]).isZero();
        assertThat(results.get(1).emotionVectorUsed).containsExactly(0.2f, 0f, 0f, 0f, 0f, 0f, 0f, 1.0f);
        assertThat(results.get(2).emotionVectorUsed).hasSize(8).containsOnly(0f);
    }

    @Test
    void shouldEncodeAReferenceOnceAndAgainOnlyAfterItChanges() throws Exception {
        Path carol = clip("carol.wav", VoiceClips.speech(4, 3.0, RATE));
        Files.setLastModifiedTime(carol, FileTime.fromMillis(1_700_000_000_000L));
        clip("dave.wav", VoiceClips.speech(6, 3.0, RATE));
        SpeakerCache cache = handler.speakerCache();

        long before = cache.hits();
        List<SynthesisResult> first = handle(List.of(
                request("你好", "carol.wav"), request("再见", "dave.wav"), request("谢谢", "carol.wav")));
        long afterFirst = cache.hits();
        clip("carol.wav", VoiceClips.speech(5, 3.2, RATE));
        Files.setLastModifiedTime(carol, FileTime.fromMillis(1_700_000_060_000L));
        List<SynthesisResult> second = handle(List.of(request("你好", "carol.wav")));

        assertThat(first).extracting(r -> r.status).containsOnly(Status.SUCCESS);
        assertThat(afterFirst - before).as("carol's second use is the only cache hit").isEqualTo(1);
        assertThat(first.get(2).refAudioDurationMs).isEqualTo(first.get(0).refAudioDurationMs).isEqualTo(3000);
        assertThat(first.get(2).refAudioRmsDbfs).isEqualTo(first.get(0).refAudioRmsDbfs);
        assertThat(first.get(1).refAudioDurationMs).isEqualTo(3000);
        assertThat(cache.hits()).as("the rewritten clip is encoded again").isEqualTo(afterFirst);
        assertThat(second.get(0).refAudioDurationMs).isEqualTo(3200);
    }

    @Test
    void shouldFetchAnHttpReferenceOnceAndReuseItsVoice() throws Exception {
        voiceServer.serve("/voices/erin.wav", Wav.encodePcm16(VoiceClips.speech(8, 3.0, RATE), RATE))
                .status("/voices/gone.wav", 404);
        String erin = voiceServer.url("/voices/erin.wav");

        List<SynthesisResult> first = handle(List.of(
                remote("你好", erin), remote("再见", voiceServer.url("/voices/gone.wav")), remote("谢谢", erin)));
        List<SynthesisResult> second = handle(List.of(remote("早安", erin)));

        assertThat(first).extracting(r -> r.errorCode).containsExactly(null, "REF_AUDIO_NOT_FOUND", null);
        assertThat(first.get(1).status).isEqualTo(Status.REJECTED);
        assertThat(first.get(1).errorMessage).contains("HTTP 404");
        assertThat(second.get(0).status).isEqualTo(Status.SUCCESS);
        assertThat(second.get(0).refAudioDurationMs).isEqualTo(first.get(0).refAudioDurationMs).isEqualTo(3000);
        assertThat(voiceServer.requests()).as("erin fetched once, the missing clip once").isEqualTo(2);
    }

    @Test
    void shouldSynthesizeOthersWhileAReferenceIsStillBeingFetched() throws Exception {
        voiceServer.silent("/voices/stuck.wav");
        TtsRequest stuck = remote("你好", voiceServer.url("/voices/stuck.wav"));

        CompletableFuture<SynthesisResult> stuckAdmission = handler.admit(stuck);
        List<SynthesisResult> others = handle(List.of(request("再见", "alice.wav"), request("谢谢", "bob.wav")));

        assertThat(others).extracting(r -> r.status).containsExactly(Status.SUCCESS, Status.SUCCESS);
        assertThat(stuckAdmission).as("still fetching its reference").isNotDone();
    }

    @Test
    void shouldFetchANewReferenceOnceForABurstOfRequests() throws Exception {
        voiceServer.serveAfter("/voices/fay.wav", Wav.encodePcm16(VoiceClips.speech(9, 3.0, RATE), RATE), 300);
        String fay = voiceServer.url("/voices/fay.wav");
        int before = voiceServer.requests();
        List<TtsRequest> burst = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(remote("第" + (i + 1) + "句", fay));
        }

        List<SynthesisResult> results = handle(burst);

        assertThat(results).extracting(r -> r.status).containsOnly(Status.SUCCESS);
        assertThat(voiceServer.requests() - before).as("eight admissions side by side, one fetch").isEqualTo(1);
    }

    private static TtsRequest remote(String text, String url) {
        TtsRequest r = request(text, "unused.wav");
        r.refAudioUrl = url;
        return r;
    }

    /**
     * As the operator runs the handler: every request through admission (side by side), then the
     * admitted ones as one batch, then empty batches while the handler has work left; one result
     * per request, in order.
     */
    private static List<SynthesisResult> handle(List<TtsRequest> requests, long... queueWaits) throws Exception {
        return handle(handler, requests, queueWaits);
    }

    private static List<SynthesisResult> handle(TtsBatchHandler handler, List<TtsRequest> requests, long... queueWaits)
            throws Exception {
        long[] waits = queueWaits.length == requests.size() ? queueWaits : new long[requests.size()];
        List<CompletableFuture<SynthesisResult>> admissions = requests.stream().map(handler::admit).toList();
        SynthesisResult[] results = new SynthesisResult[requests.size()];
        List<TtsRequest> admitted = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            results[i] = admissions.get(i).join();
            if (results[i] == null) {
                admitted.add(requests.get(i));
                at.add(i);
            }
        }
        long[] admittedWaits = at.stream().mapToLong(i -> waits[i]).toArray();
        List<CompletableFuture<SynthesisResult>> batch = admitted.isEmpty()
                ? List.of() : handler.handle(new Batch<>(admitted, admittedWaits));
        while (handler.hasUnfinishedWork()) {
            handler.handle(new Batch<>(List.of(), new long[0]));
        }
        for (int k = 0; k < batch.size(); k++) {
            results[at.get(k)] = batch.get(k).join();
        }
        return Arrays.asList(results);
    }

    private static TtsRequest request(String text, String voice) {
        TtsRequest r = new TtsRequest();
        r.requestId = "req-" + (++nextId);
        r.userId = 7L;
        r.text = text;
        r.refAudioUrl = voices.resolve(voice).toUri().toString();
        r.emotionIntensity = 1.0f;
        r.mode = "free";
        r.eventTime = EVENT_TIME;
        r.ingestTime = System.currentTimeMillis();
        return r;
    }

    private static TtsRequest controlled(TtsRequest r, Integer targetMs, Double ratio) {
        r.mode = "controlled";
        r.targetDurationMs = targetMs;
        r.targetDurationRatio = ratio;
        return r;
    }

    /** The voice driven 4x into full scale, as an over-hot recording would be. */
    private static float[] clipped(float[] voice) {
        float[] out = new float[voice.length];
        for (int i = 0; i < voice.length; i++) {
            out[i] = Math.max(-1f, Math.min(1f, voice[i] * 40f));
        }
        return out;
    }

    private static Path clip(String name, float[] samples) throws Exception {
        return Files.write(voices.resolve(name), Wav.encodePcm16(samples, RATE));
    }

    /** Length of the stored WAV in samples, measured from the file. */
    private static int samples(SynthesisResult r) throws Exception {
        return Wav.decode(Files.readAllBytes(Path.of(URI.create(r.outputAudioUrl)))).samples().length;
    }

    private static float[] audio(SynthesisResult r) throws Exception {
        return Wav.decode(Files.readAllBytes(Path.of(URI.create(r.outputAudioUrl)))).samples();
    }

    private static double millis(SynthesisResult r) throws Exception {
        return samples(r) * 1000.0 / RATE;
    }
}
