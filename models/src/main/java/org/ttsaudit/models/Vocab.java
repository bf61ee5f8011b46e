package org.ttsaudit.models;

import java.util.ArrayList;
import java.util.List;

/**
 * The synthesizer's token vocabulary: {@code <pad>}, {@code <sil>}, letters, digits, then every
 * standard Mandarin pinyin syllable with tones 1..5 written tone-numbered in ASCII ({@code v} for ü,
 * e.g. {@code lv4}). The order is the id order and is written to the model card.
 */
public final class Vocab {
    public static final String PAD = "<pad>";
    public static final String SIL = "<sil>";

    /** Base syllables (no tone), grouped by initial; the standard table plus er, yo, lo and m/n/ng/hm/hng. */
    static final List<String> SYLLABLES = List.of("""
            a ai an ang ao e ei en eng er o ou
            yi ya yao ye you yan yin yang ying yong yu yue yuan yun yo
            wu wa wo wai wei wan wen wang weng
            ba bo bai bei bao ban ben bang beng bi biao bie bian bin bing bu
            pa po pai pei pao pou pan pen pang peng pi piao pie pian pin ping pu
            ma mo me mai mei mao mou man men mang meng mi miao mie miu mian min ming mu
            fa fo fei fou fan fen fang feng fu
            da de dai dei dao dou dan den dang deng dong di dia diao die diu dian ding du duo dui duan dun
            ta te tai tei tao tou tan tang teng tong ti tiao tie tian ting tu tuo tui tuan tun
            na ne nai nei nao nou nan nen nang neng nong ni niao nie niu nian nin niang ning nu nuo nuan nun nv nve
            la le lo lai lei lao lou lan lang leng long li lia liao lie liu lian lin liang ling lu luo luan lun lv lve
            ga ge gai gei gao gou gan gen gang geng gong gu gua guo guai gui guan gun guang
            ka ke kai kei kao kou kan ken kang keng kong ku kua kuo kuai kui kuan kun kuang
            ha he hai hei hao hou han hen hang heng hong hu hua huo huai hui huan hun huang
            ji jia jiao jie jiu jian jin jiang jing jiong ju jue juan jun
            qi qia qiao qie qiu qian qin qiang qing qiong qu que quan qun
            xi xia xiao xie xiu xian xin xiang xing xiong xu xue xuan xun
            zha zhe zhi zhai zhei zhao zhou zhan zhen zhang zheng zhong zhu zhua zhuo zhuai zhui zhuan zhun zhuang
            cha che chi chai chao chou chan chen chang cheng chong chu chua chuo chuai chui chuan chun chuang
            sha she shi shai shei shao shou shan shen shang sheng shu shua shuo shuai shui shuan shun shuang
            re ri rao rou ran ren rang reng rong ru rua ruo rui ruan run
            za ze zi zai zei zao zou zan zen zang zeng zong zu zuo zui zuan zun
            ca ce ci cai cao cou can cen cang ceng cong cu cuo cui cuan cun
            sa se si sai sao sou san sen sang seng song su suo sui suan sun
            m n ng hm hng""".trim().split("\\s+"));

    private static final List<String> TOKENS = build();

    private Vocab() {}

    /** All tokens in id order. */
    public static List<String> tokens() {
        return TOKENS;
    }

    private static List<String> build() {
        List<String> t = new ArrayList<>(List.of(PAD, SIL));
        for (char c = 'a'; c <= 'z'; c++) {
            t.add(String.valueOf(c));
        }
        for (char c = '0'; c <= '9'; c++) {
            t.add(String.valueOf(c));
        }
        for (String s : SYLLABLES) {
            for (int tone = 1; tone <= 5; tone++) {
                t.add(s + tone);
            }
        }
        return List.copyOf(t);
    }

    /** Tone 1..5 of a syllable token, 0 for anything else (pad, pause, letter, digit). */
    static int tone(String token) {
        char last = token.charAt(token.length() - 1);
        return token.length() > 1 && last >= '1' && last <= '5' ? last - '0' : 0;
    }

    /** The syllable's main vowel (a, o, e, i, u, v), or 'n' for the syllabic nasals m, n, ng, hm, hng. */
    static char nucleus(String syllable) {
        if (syllable.matches("(yu|ju|qu|xu)n?")) {
            return 'v'; // these spell ü as u
        }
        for (char v : "aoeivu".toCharArray()) {
            if (syllable.indexOf(v) >= 0) {
                return v;
            }
        }
        return 'n';
    }
}
