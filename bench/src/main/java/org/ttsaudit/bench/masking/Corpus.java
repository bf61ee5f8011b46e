package org.ttsaudit.bench.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded Chinese request texts of one to four sentences, about half of them carrying personal
 * data (mainland mobile numbers, resident ID numbers with a valid check character, UnionPay card
 * numbers that pass Luhn, e-mail addresses) and many carrying numbers that must stay readable
 * (order numbers, amounts, dates, an ID with a wrong check character, a card number failing Luhn).
 * Order numbers never start with 0, which would make them fixed-line numbers to the masker.
 * Items appear in their plain written form, which both the masker and the per-rule baseline read.
 */
public final class Corpus {
    private static final String[] PLAIN = {
        "今天天气很好，我们去公园散步吧。", "欢迎使用语音合成服务，请选择您喜欢的声音。", "会议改到明天上午十点，请各位准时参加。",
        "这段音频由流式管道生成，用于客服热线的自动播报。", "行长说明天开会，讨论第三季度的贷款计划。", "请注意，列车即将进站，请站在黄线以内。",
        "感谢您的耐心等待，您的问题我们已经记录下来。", "本店周末全场八折，欢迎新老顾客光临。", "小朋友们，故事时间到了，今天讲的是小兔子的冒险。",
        "天气预报说下午有雷阵雨，出门记得带伞。"
    };
    private static final String[] MOBILE = {"您好，我的手机号是%s，请在下午三点前回电。", "如有疑问请拨打%s联系王经理。", "收件人电话%s，请送货前联系。"};
    private static final String[] RESIDENT_ID = {"客户的身份证号码为%s，已完成实名认证。", "请核对身份证%s与本人是否一致。"};
    private static final String[] CARD = {"退款将打入您的银行卡%s，预计三个工作日到账。", "绑定的储蓄卡卡号是%s，请妥善保管。"};
    private static final String[] EMAIL = {"请把合同扫描件发送到%s，谢谢。", "邮箱%s已经登记，我们会把发票寄过去。"};
    private static final String[] DECOY = {
        "订单号%s已于2026年1月31日发货，金额¥1299.00。", "您的快递单号是%s，预计后天送达。", "工单%s已经处理完毕，满意请评五星。"
    };
    private static final String[] NAMES = {"zhang.san", "li.si", "wang_wu", "chen.jing", "liu.yang", "zhao.lei", "service", "hr.dept"};
    private static final String[] DOMAINS = {"example.com", "163.com", "qq.com", "company.com.cn", "mail.example.org"};
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = "10X98765432".toCharArray();

    private Corpus() {}

    public static List<String> texts(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int sentences = 1 + r.nextInt(4);
            for (int s = 0; s < sentences; s++) {
                text.append(sentence(r));
            }
            out.add(text.toString());
        }
        return out;
    }

    private static String sentence(SplittableRandom r) {
        int dice = r.nextInt(100);
        if (dice < 50) {
            return PLAIN[r.nextInt(PLAIN.length)];
        }
        if (dice < 62) {
            return String.format(pick(r, MOBILE), mobile(r));
        }
        if (dice < 70) {
            return String.format(pick(r, RESIDENT_ID), residentId(r));
        }
        if (dice < 78) {
            return String.format(pick(r, CARD), card(r));
        }
        if (dice < 88) {
            return String.format(pick(r, EMAIL), pick(r, NAMES) + (r.nextBoolean() ? "" : r.nextInt(100)) + "@" + pick(r, DOMAINS));
        }
        String decoy = switch (r.nextInt(3)) {
            case 0 -> (1 + r.nextInt(9)) + digits(r, 11);
            case 1 -> badResidentId(r);
            default -> badCard(r);
        };
        return String.format(pick(r, DECOY), decoy);
    }

    static String mobile(SplittableRandom r) {
        return "1" + (3 + r.nextInt(7)) + digits(r, 9);
    }

    static String residentId(SplittableRandom r) {
        String body = (1 + r.nextInt(9)) + digits(r, 5) + (1950 + r.nextInt(70))
                + String.format("%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28)) + digits(r, 3);
        return body + checkChar(body);
    }

    /** Right shape, wrong check character (and rebuilt until Luhn fails too, so nothing masks it). */
    static String badResidentId(SplittableRandom r) {
        while (true) {
            String id = residentId(r);
            char wrong = id.charAt(17) == '0' ? '1' : '0';
            String bad = id.substring(0, 17) + wrong;
            if (!luhn(bad)) {
                return bad;
            }
        }
    }

    static String card(SplittableRandom r) {
        String body = "62" + digits(r, 13 + r.nextInt(2) * 3);
        for (int d = 0; d <= 9; d++) {
            if (luhn(body + d)) {
                return body + d;
            }
        }
        throw new IllegalStateException("no Luhn digit");
    }

    static String badCard(SplittableRandom r) {
        String good = card(r);
        int last = good.charAt(good.length() - 1) - '0';
        return good.substring(0, good.length() - 1) + (last + 1) % 10;
    }

    private static String digits(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    private static char checkChar(String body17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK[sum % 11];
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    static boolean validResidentId(String id) {
        return id.length() == 18 && Character.toUpperCase(id.charAt(17)) == checkChar(id);
    }

    private static String pick(SplittableRandom r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
