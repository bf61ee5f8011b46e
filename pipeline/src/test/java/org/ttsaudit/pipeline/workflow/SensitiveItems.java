package org.ttsaudit.pipeline.workflow;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates personal data of every kind the masking step covers, each in one of the ways people
 * write it, with check characters computed here (GB 11643 MOD 11-2, Luhn) and not by the code
 * under test. Also the look-alikes that must stay: IDs with a wrong check character, numbers
 * failing Luhn.
 */
final class SensitiveItems {
    static final List<String> KINDS = List.of("mobile", "fixed_line", "resident_id", "bank_card", "email", "ipv4",
            "ipv6", "passport");

    /**
     * One item as written into a text; {@code core} is what must never come out: its digits (and
     * letters) without separators or a +86 prefix, or for an e-mail address its mailbox name.
     */
    record Item(String kind, String written, String core) {}

    private static final int[] GB11643_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String GB11643_CHECK = "10X98765432";
    /** Administrative division codes (county level) as resident IDs start with them. */
    private static final String[] REGIONS = {"110105", "110108", "310104", "310115", "440305", "440106", "510107",
            "330106", "320102", "420111", "610113", "500103", "120101", "370202", "210202"};
    private static final String[] NAMES = {"zhang", "wang", "li.na", "liu_yang", "chen", "yang.fan", "huang", "zhao",
            "wu.di", "zhou", "xu_lei", "sun", "ma.li", "zhu", "hu", "guo.jing"};
    private static final String[] DOMAINS = {"example.com", "mail.example.cn", "example.org", "corp.example.com.cn",
            "example.net"};

    private final Random random;

    SensitiveItems(Random random) {
        this.random = random;
    }

    Item next(String kind) {
        return switch (kind) {
            case "mobile" -> mobile();
            case "fixed_line" -> fixedLine();
            case "resident_id" -> random.nextInt(4) == 0 ? legacyResidentId() : residentId();
            case "bank_card" -> bankCard();
            case "email" -> email();
            case "ipv4" -> ipv4();
            case "ipv6" -> ipv6();
            case "passport" -> passport();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private Item mobile() {
        String n = "1" + (3 + random.nextInt(7)) + digits(9);
        String spaced = n.substring(0, 3) + " " + n.substring(3, 7) + " " + n.substring(7);
        String dashed = n.substring(0, 3) + "-" + n.substring(3, 7) + "-" + n.substring(7);
        String written = pick(n, n, "+86" + n, "+86 " + spaced, "+86-" + dashed, "0086 " + n, "86-" + dashed, "(+86)" + n,
                "（＋86）" + dashed, "+86\u3000" + n, spaced, dashed, fullWidth(n), fullWidth("+86 " + spaced));
        return new Item("mobile", written, n);
    }

    /** Area code 010 or 02x with 8 digits, or a four-digit code with 7 or 8; the local number starts with 2..9. */
    private Item fixedLine() {
        int shape = random.nextInt(3);
        String area = shape == 0 ? "010" : shape == 1 ? "02" + random.nextInt(10) : "0" + (3 + random.nextInt(7)) + digits(2);
        String local = (2 + random.nextInt(8)) + digits(area.length() == 4 && random.nextBoolean() ? 6 : 7);
        String national = area.substring(1);
        String grouped = local.length() == 8 ? local.substring(0, 4) + " " + local.substring(4) : local;
        String written = pick(area + "-" + local, area + "-" + local, area + local, "(" + area + ")" + local,
                "（" + area + "）" + local, area + " " + grouped, "+86 " + national + " " + grouped,
                "+86-" + national + "-" + local, "0086 " + national + " " + local, fullWidth(area + "-" + local));
        boolean international = written.startsWith("+86") || written.startsWith("0086");
        return new Item("fixed_line", written, (international ? national : area) + local);
    }

    private Item residentId() {
        String first17 = region() + birthDate(1940 + random.nextInt(66), true) + digits(3);
        String id = first17 + gb11643Check(first17);
        String written = pick(id, id, id, id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14),
                id.endsWith("X") ? id.substring(0, 17) + "x" : id, fullWidth(id));
        return new Item("resident_id", written, id);
    }

    /** The 15-digit form issued before 1999: region, yymmdd, sequence; it has no check character. */
    private Item legacyResidentId() {
        String id = region() + birthDate(1940 + random.nextInt(60), false) + digits(3);
        return new Item("resident_id", id, id);
    }

    private Item bankCard() {
        int length = random.nextInt(3) == 0 ? 19 : 16;
        String prefix = pick("62", "62", "4", "51", "35");
        String payload = prefix + digits(length - 1 - prefix.length());
        String card = payload + luhnCheckDigit(payload);
        String groups = card.replaceAll("(\\d{4})(?=\\d)", "$1 ");
        String written = pick(card, card, groups, groups.replace(' ', '-'), fullWidth(card));
        return new Item("bank_card", written, card);
    }

    private Item email() {
        String mailbox = pick(NAMES) + digits(4);
        String domain = pick(DOMAINS);
        String address = mailbox + (random.nextInt(5) == 0 ? "+tts" : "") + "@" + domain;
        String written = pick(address, address, address, address.toUpperCase(Locale.ROOT),
                address.replace("@", "＠"), Character.toUpperCase(address.charAt(0)) + address.substring(1));
        return new Item("email", written, mailbox.replaceAll("[^a-z0-9]", "").toUpperCase(Locale.ROOT));
    }

    private Item ipv4() {
        String address = (11 + random.nextInt(213)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
        String written = pick(address, address, address, fullWidth(address));
        return new Item("ipv4", written, address.replace(".", ""));
    }

    private Item ipv6() {
        String[] groups = new String[8];
        groups[0] = "2001";
        groups[1] = "db8";
        for (int i = 2; i < 8; i++) {
            groups[i] = Integer.toHexString(0x1000 + random.nextInt(0xefff));
        }
        String full = String.join(":", groups);
        String compressed = groups[0] + ":" + groups[1] + ":" + groups[2] + "::" + groups[6] + ":" + groups[7];
        String linkLocal = "fe80::" + groups[5] + ":" + groups[6] + ":" + groups[7];
        String written = pick(full, compressed, compressed.toUpperCase(Locale.ROOT), linkLocal);
        return new Item("ipv6", written, written.replace(":", "").toUpperCase(Locale.ROOT));
    }

    /** The ordinary passport (E or G and 8 digits) and the newer E + letter + 7 digits (no I or O). */
    private Item passport() {
        String number = random.nextBoolean() ? pick("E", "G") + (1 + random.nextInt(9)) + digits(7)
                : "E" + "ABCDEFGHJKLMNPQRSTUVWXYZ".charAt(random.nextInt(24)) + digits(7);
        return new Item("passport", random.nextInt(6) == 0 ? number.toLowerCase(Locale.ROOT) : number, number);
    }

    /** An 18-character ID whose check character is wrong, and that is no Luhn-valid number either. */
    String residentIdWithWrongCheck() {
        String first17 = region() + birthDate(1940 + random.nextInt(66), true) + digits(3);
        char right = gb11643Check(first17);
        for (char c : "0123456789X".toCharArray()) {
            String id = first17 + c;
            if (c != right && (c == 'X' || !luhn(id)) && random.nextInt(3) == 0) {
                return id;
            }
        }
        return first17 + (right == 'X' ? '0' : 'X');
    }

    /** A card-like number (16 or 19 digits, grouped or not) that fails Luhn. */
    String cardFailingLuhn() {
        int length = random.nextBoolean() ? 16 : 19;
        String payload = "62" + digits(length - 3);
        int check = (luhnCheckDigit(payload) + 1 + random.nextInt(9)) % 10;
        String number = payload + check;
        return random.nextBoolean() ? number : number.replaceAll("(\\d{4})(?=\\d)", "$1 ");
    }

    String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(random.nextInt(10));
        }
        return sb.toString();
    }

    private String region() {
        return pick(REGIONS);
    }

    private String birthDate(int year, boolean fourDigitYear) {
        String date = String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
        return (fourDigitYear ? String.valueOf(year) : String.valueOf(year).substring(2)) + date;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    /** ASCII digits, letters and signs as their full-width forms (U+FF01..FF5E); spaces as the ideographic space. */
    static String fullWidth(String ascii) {
        StringBuilder sb = new StringBuilder(ascii.length());
        for (char c : ascii.toCharArray()) {
            sb.append(c == ' ' ? '\u3000' : c > ' ' && c < 127 ? (char) (c + 0xFEE0) : c);
        }
        return sb.toString();
    }

    static char gb11643Check(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * GB11643_WEIGHTS[i];
        }
        return GB11643_CHECK.charAt(sum % 11);
    }

    /** The digit that makes {@code payload + digit} pass Luhn: from the right, every second digit of the whole is doubled. */
    static int luhnCheckDigit(String payload) {
        for (int d = 0; d < 10; d++) {
            if (luhn(payload + d)) {
                return d;
            }
        }
        throw new AssertionError("some digit always completes a Luhn number");
    }

    static boolean luhn(String number) {
        if (!number.matches("[0-9]+")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int d = number.charAt(number.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
