package org.ttsaudit.pipeline.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ttsaudit.pipeline.generator.GeneratedRequest;

/**
 * Requests whose free text carries personal data, and requests whose numbers must all stay. Each
 * request remembers what it carries: the sensitive items (in text, emotion_desc, pinyin or the
 * reference host, the last three ending up in error messages too) and the clean numbers of its
 * text, so a test can look for every one of them in what the job wrote.
 */
final class PrivacyCorpus {
    /** Numbers that are not personal data, by kind; {@code expectMasked} only for card-length references that pass Luhn. */
    record CleanNumber(String category, String written, boolean expectMasked) {
        /** Long references cannot be told from card numbers when they pass Luhn: counted apart from the false positives. */
        boolean cardLength() {
            return category.equals(REFERENCE);
        }
    }

    static final String REFERENCE = "16/19-digit reference without a check digit";

    /** One request, its items and clean numbers, and the outcome its construction implies. */
    record Entry(GeneratedRequest request, List<SensitiveItems.Item> items, List<SensitiveItems.Item> textItems,
                 List<CleanNumber> clean, String text) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] BEFORE = {"请拨打", "我的号码是", "联系方式：", "备注", "请记下", "资料里写着", "核对一下",
            "登记信息", "Contact: ", "see ", "（", "客户留的是"};
    private static final String[] AFTER = {"，谢谢。", "。", "，请尽快处理", "已登记。", "！", "，麻烦回复", " today",
            "）", "，核对无误。", "\n", ". Thanks", "."};
    private static final String[] SENTENCES = {"今天天气很好", "欢迎使用语音合成服务", "请在三点之前处理", "明天见",
            "订单已经发货", "会议改到下午", "系统运行正常", "请注意查收"};

    private final Random random;
    private final SensitiveItems items;
    private final String voice;
    private int next;

    PrivacyCorpus(long seed, String voice) {
        this.random = new Random(seed);
        this.items = new SensitiveItems(random);
        this.voice = voice;
    }

    /**
     * A request with one to three items in its text, sometimes one in emotion_desc, and clean
     * numbers between them. Three in ten are synthesized; the others are rejected with the items
     * still in them: by the synthesis step (a duration target it refuses), or at validation for
     * an item as a pinyin syllable (UNKNOWN_PINYIN), an item as the reference host
     * (REF_AUDIO_FORBIDDEN names the host) or an emotion intensity out of range.
     */
    Entry withPersonalData(String prefix) {
        String id = prefix + "-" + next++;
        List<SensitiveItems.Item> textItems = new ArrayList<>();
        List<CleanNumber> clean = new ArrayList<>();
        StringBuilder text = new StringBuilder(pick(SENTENCES)).append("，");
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            SensitiveItems.Item item = items.next(kind());
            textItems.add(item);
            text.append(pick(BEFORE)).append(item.written()).append(pick(AFTER));
            if (random.nextBoolean()) {
                CleanNumber number = clean();
                clean.add(number);
                text.append(cleanContext(number));
            }
        }
        List<SensitiveItems.Item> all = new ArrayList<>(textItems);
        ObjectNode json = base(id, text.toString());
        if (random.nextInt(4) == 0) {
            SensitiveItems.Item item = items.next(kind());
            all.add(item);
            json.put("emotion_desc", "温柔地读给" + item.written() + "的主人听");
        }
        String status = "success";
        String code = null;
        int outcome = random.nextInt(10);
        if (outcome >= 3 && outcome <= 6) {
            shortTarget(json);
            status = "rejected";
            code = "BAD_DURATION_TARGET";
        } else if (outcome == 0) {
            SensitiveItems.Item item = items.next(kind());
            all.add(item);
            json.put("pinyin", "xing2 " + item.written());
            status = "rejected";
            code = "UNKNOWN_PINYIN";
        } else if (outcome == 1) {
            // a host the allow-list lacks, quoted by the refusal: an address, or a name with a number in it
            SensitiveItems.Item item = random.nextBoolean() ? asciiIpv4() : items.next("mobile");
            String host = item.kind().equals("ipv4") ? item.written() : item.core() + ".voices.example.com";
            all.add(new SensitiveItems.Item(item.kind(), host, item.core()));
            json.put("ref_audio_url", "http://" + host + "/voices/a.wav");
            status = "rejected";
            code = "REF_AUDIO_FORBIDDEN";
        } else if (outcome == 2) {
            json.put("emotion_intensity", 7);
            status = "rejected";
            code = "BAD_EMOTION_INTENSITY";
        }
        return new Entry(request(id, json, status, code), all, textItems, clean, text.toString().strip());
    }

    /** A request whose text has two to four numbers that are no personal data, and none that is; three in ten synthesized. */
    Entry clean(String prefix) {
        String id = prefix + "-" + next++;
        List<CleanNumber> clean = new ArrayList<>();
        StringBuilder text = new StringBuilder(pick(SENTENCES)).append("，");
        int count = 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            CleanNumber number = clean();
            clean.add(number);
            text.append(cleanContext(number));
        }
        ObjectNode json = base(id, text.toString());
        boolean synthesized = random.nextInt(10) < 3;
        if (!synthesized) {
            shortTarget(json);
        }
        return new Entry(request(id, json, synthesized ? "success" : "rejected", synthesized ? null : "BAD_DURATION_TARGET"),
                List.of(), List.of(), clean, text.toString().strip());
    }

    private String kind() {
        return SensitiveItems.KINDS.get(random.nextInt(SensitiveItems.KINDS.size()));
    }

    private SensitiveItems.Item asciiIpv4() {
        SensitiveItems.Item item;
        do {
            item = items.next("ipv4");
        } while (!item.written().matches("[0-9.]+"));
        return item;
    }

    private CleanNumber clean() {
        String month = String.format("%02d", 1 + random.nextInt(12));
        String day = String.format("%02d", 1 + random.nextInt(28));
        String year = String.valueOf(2015 + random.nextInt(12));
        return switch (random.nextInt(10)) {
            case 0 -> new CleanNumber("order number", pick("", "", "SO", "DD-") + year + month + day + items.digits(random.nextInt(5)), false);
            case 1 -> new CleanNumber("amount", pick("¥" + random.nextInt(10_000) + "." + items.digits(2),
                    random.nextInt(100_000) + "元", String.format("%,d", random.nextInt(9_000_000) + 1000) + ".00元",
                    random.nextInt(100) + "." + random.nextInt(10) + "万"), false);
            case 2 -> new CleanNumber("date", pick(year + "-" + month + "-" + day, year + "年" + month + "月" + day + "日",
                    year + "/" + month + "/" + day, year + month + day), false);
            case 3 -> new CleanNumber("time", String.format(pick("%02d:%02d", "%02d:%02d:%02d"), random.nextInt(24),
                    random.nextInt(60), random.nextInt(60)), false);
            case 4 -> new CleanNumber("version", pick("v" + random.nextInt(10) + "." + random.nextInt(20) + "." + random.nextInt(30),
                    "3." + random.nextInt(13) + "." + random.nextInt(20), "iOS 17." + random.nextInt(6) + "." + random.nextInt(3),
                    "10.0." + (19_000 + random.nextInt(1000)) + "." + (1000 + random.nextInt(9000))), false);
            case 5 -> new CleanNumber("resident ID with a wrong check character", items.residentIdWithWrongCheck(), false);
            case 6 -> new CleanNumber("card number failing Luhn", items.cardFailingLuhn(), false);
            case 7 -> new CleanNumber("service number", pick("400-" + items.digits(3) + "-" + items.digits(4),
                    "800-" + items.digits(3) + "-" + items.digits(4), "955" + items.digits(2), "12345", "12315"), false);
            case 8 -> new CleanNumber("count or code", pick("第" + (1 + random.nextInt(200)) + "章", random.nextInt(1000) + "个",
                    "房间" + (100 + random.nextInt(900)), "验证码" + items.digits(6)), false);
            default -> {
                // 16 or 19 digits with no check digit (long order and tracking numbers): one in ten passes Luhn
                // by chance and cannot be told from a card; the masker is expected to mask exactly those.
                String number = (1 + random.nextInt(9)) + items.digits(random.nextBoolean() ? 15 : 18);
                yield new CleanNumber(REFERENCE, number, SensitiveItems.luhn(number));
            }
        };
    }

    private String cleanContext(CleanNumber number) {
        return pick("编号", "金额", "时间", "版本", "共计", "截至", "单号") + number.written() + pick("，", "。", "；");
    }

    private ObjectNode base(String id, String text) {
        ObjectNode json = JSON.createObjectNode().put("request_id", id).put("user_id", 1 + random.nextInt(50))
                .put("text", text).put("ref_audio_url", voice);
        // Half-length audio: the synthesizer's time grows with the samples it makes.
        json.put("mode", "controlled").put("target_duration_ratio", 0.5);
        return json;
    }

    /**
     * 200 ms, under a quarter of any of these texts' natural length: the synthesis step rejects the
     * request before the model runs, which keeps a few thousand requests quick, and the text is
     * masked on that path as on every other.
     */
    private static void shortTarget(ObjectNode json) {
        json.remove("target_duration_ratio");
        json.put("target_duration_ms", 200);
    }

    private static GeneratedRequest request(String id, ObjectNode json, String status, String code) {
        return new GeneratedRequest(id, json.toString().getBytes(StandardCharsets.UTF_8), status, code,
                code != null && !code.equals("BAD_DURATION_TARGET"));
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
