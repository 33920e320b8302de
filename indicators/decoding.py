"""Bytes -> text: which encoding a file is in, and decoding it without losing track of bad bytes.

Detection order (docs/input.md):

1. a byte-order mark: UTF-8 (recorded ``utf-8-sig``), UTF-32 and UTF-16 (``utf-32``, ``utf-16``);
2. NUL bytes: UTF-16 or UTF-32 without a BOM, when one of them reads as text;
   otherwise the caller reports a binary file;
3. strict UTF-8: accepted whenever it decodes, unless it reads as other
   scripts or control characters where GB18030, Big5 or UTF-16 read as common
   Chinese (the 2-byte GBK file ``为`` is also valid UTF-8: ``Ϊ``);
4. otherwise the candidates UTF-8 (damaged), GB18030, Big5 and UTF-16 are
   scored on a sample by how much of their text is common Chinese; a tie goes
   to charset-normalizer's choice, then to that order.

The encoding recorded for a document is a codec name that, given back as
``encoding=``, decodes the file to the same text: ``gb18030`` (a superset of GBK
and GB2312), ``big5``/``cp950``, ``utf-16`` with a BOM, ``utf-16-le`` without.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import regex

SAMPLE_BYTES = 64 * 1024  # detection looks at the start of a file only
REPLACEMENT = "\ufffd"
TIE = 0.05  # scores this close are a tie, broken by charset-normalizer
CHINESE = 0.35  # least score of a legacy-encoding reading (Chinese text scores 0.4-1, Japanese read as GBK 0-0.3)
FEW = 8  # samples with fewer non-ASCII characters are too short to score: any clean reading does

BOMS = (  # (mark, codec of the bytes after it, name recorded); UTF-32 first: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
NARROW = ("utf-8", "gb18030", "big5", "utf-16-le", "utf-16-be")  # candidates without NUL bytes, in order of ties
WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")  # candidates when NUL bytes are present
BIG5_FAMILY = ("big5", "cp950", "big5hkscs")  # plain Big5 first; cp950/HKSCS add characters
DETECTOR_NAMES = {  # charset-normalizer's names -> ours
    "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "hz": "gb18030",
    "big5": "big5", "cp950": "big5", "big5hkscs": "big5", "utf_8": "utf-8",
    "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "utf_32_le": "utf-32-le", "utf_32_be": "utf-32-be",
}
CONTROL_BYTES = (*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20))  # not \t \n \v \f \r ESC
TRUNCATED = ("unexpected end of data", "truncated data", "incomplete multibyte sequence")

# Frequent characters of Chinese prose and of statistical bulletins, in simplified and
# traditional forms: a right decoding is full of them, a wrong one seldom hits them.
FREQUENT = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用"
    "道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军"
    "者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见"
    "被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真"
    "论处走义各入几口认条平系气题活更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德"
    "资命山金指许统区保至队形社便空决治展马科司五基书非则听白界达光放强即像难且权思王象完设式色路记南品住告"
    "类求据程北边死张该交规万取格望术领共确传师观清今切院让识候带导争运改收根干造言联持组每济车亲极林服快办"
    "议往元证近失转令准布始存未远台单具字爱击流备连调深商算质团集百需价花党华城石级整府离况请技际约示复病息"
    "究线似官火断精满支视消越器容照须九增研写称企八功包片史委查轻易早曾除农找装广显历首医局突专费号尽另周较"
    "注语仅考落青随选列响虽推势参希古众构房半节土投某案维划致律足态护七兴派验责营星够章音跟志底站严例防族供"
    "效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害双境客纪采举父密低朝友诉止细愿千值仍男钱破网"
    "热助育属坐限船职速刻乐否刚威状率甚独球般普弹校苦创假久错承印晚试股预益阳若微继送急血惊伤素药适波夜省初"
    "喜卫源食险待述陆习置居劳财环排福纳欢获模充负云停木游龙树层冷洲冲射略范竟句室异激汉村策演简卡罪判担州静"
    "退既宗积余检差富灵协角占配征修皮挥胜降阶审坚善超免压银买养执副乱抗追帮宣岁航优香著田铁控税左右份艺背阵"
    "草块顿敢守酒岛托央户烈洋索款靠评版宝座释景顾登货互付慢欧换闻危核介坏讨良序升监临亮露永呼味野架域沙括鱼"
    "杂误湾吉减编楚肯测败屋跑散温困渐封救贵缺楼县尚移朋画班智亦恩短掌遗固席松秘鲁遇康虑幸均销钟藏赶剧票损旧"
    "端探湖录叶春乡附吸予礼港雨板庭妇归额含顺输招婚脱补谓督油疗旅泽材灭笔词圣择寻厂博授诺岸健堂旁宫借君禁阴"
    "园谋荣孙顶玉镇雪午练篇肉馆遍础洞卷坦牛宁纸训私庄祖翻暴森塔握隐熟骨访弱歌店软典欲伙盘扩盖稳亿刺拥徒齐赛"
    "迎冰虚析窗购替塞努扬途侵刑绿迅套贸毕唯谷轮库迹竞街促延震甲伟川申缓潜售灯针络抵植纯夏筑折郑尊秀混盛舞圆"
    "措姓残秋培迷诚宽宇猛摆梅毁伸盟末乃拍丁赵硬麦蒋操阻订彩抽赞纷沿违汇币丰献桌援译夺汽烧距裁偏符勇触课敬懂"
    "墙召罚厅拜巧侧韩债融惯享童乘挂奖绍厚纵障讯涉彻刊爆役描洗患镜签症仿倾牌陷播朗季丹仪奔珠驻孔宜桥淡翼繁寒"
    "伴旦愈潮粮缩罢聚径恰挑袋灰捕珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞孤衡胞零穷舍码灾洪津俗辩胸劲贫仁偶辑"
    "邦恢赖圈润堆艇稍迟辆废净署壁御奉旋冬矿晨伏秦盾租乏隆诊摄污渡旗甘耐凭扎抢绪粗梁综返井壮薄扫敏碍殖详允幅"
    "剩凯颗赏液番箱贴漫郎舒餐辞键伍峰尺昨届欣惠册储宾频磨递颜剂绩贡截燃殿仔腐幼践籍牧凉佳浓芳稿竹腹垂遵脉贷"
    "昌寿询汤肥辉扣廷澳董迁凝鞋埋泉涌辖紫艰魏邮吐鉴械邻赤挤陪割揭悟聪雾锋梯祥阔誉筹牵沈阁旨柱抛贺哈吨亩公顷"
    "這個們來為國說時會對於過發後裡經麼學現當沒動還進種從實開樣點與業區產務機關設數據統計長達萬億戶縣鎮鄉濟"
    "農臺灣議員選舉電視話問題應該覺得讓給見認識難邊頭錢買賣車門東風義書記寫讀聽語請謝聲樂劇場廣體運醫院銀環"
    "境輸鐵報紙網絡腦軟資訊傳統歷藝術戰爭軍隊領導黨幹眾團結執決條規則標準質價費稅財預補貼獎勵競優勢變趨構組織"
    "系設備施項劃總調查檔錄證確審監督檢驗許註冊約協談判衝處辦措規劃觀態習慣節紀念慶參訪問遊覽較額預算糧畝噸"
    "萬億戶縣鎮區長計劃點較額預算資產業總經濟與務農臺灣倍％"
)
PUNCTUATION = regex.compile(r"[\u3000-\u303f\uff01-\uff5e\u2010-\u2027\u00b7]")
WEIRD = regex.compile(r"[\p{Co}\p{Cn}\p{Cs}\x80-\x9f\x00-\x08\x0e-\x1f\x7f]")  # private use, unassigned, controls
FOREIGN = regex.compile(r"[^\x00-\x7f\p{Han}\p{P}\p{S}\p{N}\p{Z}\ufffd]")  # letters of other scripts
# Any character that lowers a score (see ``_score``): a reading without one is clean and
# scores at least 0, which one search settles without counting every character.
LOWERING = regex.compile(f"{WEIRD.pattern}|{FOREIGN.pattern}|{REPLACEMENT}")
# Characters that never lower a score: ASCII text, the Han of GB2312/GBK's range, CJK and
# full-width punctuation (tests/test_decoding.py checks each against LOWERING).  The stdlib
# engine skips a run of them many times faster than ``regex`` tests the Unicode properties.
SAFE = ("\t-\r -~\u00b7\u2010-\u2027\u2200-\u22ff\u25a0-\u25ff\u3000-\u3003\u3007-\u3011"
        "\u4e00-\u9fa5\uff01-\uff20")
UNSAFE = re.compile(f"[^{SAFE}]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded text and what it took: the codec, and undecodable bytes replaced (if allowed)."""

    text: str
    encoding: str
    replaced: int = 0  # U+FFFD put in for undecodable bytes (errors="replace")
    first_bad: int | None = None  # byte offset of the first undecodable byte


@dataclass(frozen=True, slots=True)
class Score:
    """How Chinese a candidate reading of a sample looks."""

    codec: str
    value: float  # share of common characters among the non-ASCII ones, less penalties
    clean: bool  # at most 2% (or one) undecodable, unassigned, private-use or control characters
    wide: int  # non-ASCII characters of the sample
    bad: int  # undecodable sequences in the sample

    @property
    def chinese(self) -> bool:
        """Clean and reads as Chinese (or is too short to tell, and decodes)."""
        return self.clean and (self.value >= CHINESE or (self.wide < FEW and not self.bad))


class DecodeFailure(Exception):
    """Bytes that are not text in the encoding tried; the message names the codec and the byte offset."""


class BinaryData(DecodeFailure):
    """Bytes of a binary file (an image, an archive, NUL bytes outside UTF-16/32)."""


class UndetectedEncoding(DecodeFailure):
    """No candidate encoding reads the bytes as text."""


def sniff_bom(data: bytes) -> tuple[str, str, int] | None:
    """(codec of the rest, name to record, BOM length) when ``data`` starts with a byte-order mark."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            return codec, name, len(bom)
    return None


def decode(data: bytes, codec: str, errors: str = "strict", *, skip: int = 0, name: str | None = None) -> Decoded:
    """Decode ``data[skip:]`` (after a BOM) with ``codec``, recorded as ``name``.

    Strict errors name the codec and the byte offset in the file; with
    ``errors="replace"`` each undecodable sequence becomes U+FFFD and is counted.
    """
    name = name or codec
    body = data[skip:] if skip else data
    try:
        return Decoded(body.decode(codec), name)
    except UnicodeDecodeError as exc:
        if errors != "replace":
            raise DecodeFailure(describe(exc, data, skip, name)) from None
        first = exc.start + skip
    text = body.decode(codec, errors="replace")
    try:  # a U+FFFD that the file itself holds was not put in by us
        genuine = body.count(REPLACEMENT.encode(codec))
    except UnicodeEncodeError:
        genuine = 0
    return Decoded(text, name, max(text.count(REPLACEMENT) - genuine, 1), first)


def describe(exc: UnicodeDecodeError, data: bytes, skip: int = 0, name: str | None = None) -> str:
    """``cannot decode as gb18030: invalid byte 0xff at byte 1234 of 5678``."""
    name = name or exc.encoding.replace("_", "-")
    return f"cannot decode as {name}: {_where(exc, data, skip)}"


def _where(exc: UnicodeDecodeError, data: bytes, skip: int = 0) -> str:
    start, end = exc.start + skip, exc.end + skip
    bad = " ".join(f"0x{b:02x}" for b in data[start:min(end, start + 4)])
    if end >= len(data) and exc.reason in TRUNCATED:
        return f"the file ends inside a character ({bad} at byte {start} of {len(data)}; truncated?)"
    return f"invalid byte{'s' if end - start > 1 else ''} {bad} at byte {start} of {len(data)}"


def detect(data: bytes) -> str:
    """The codec of ``data`` (no BOM); DecodeFailure when no candidate reads as text.

    With NUL bytes the candidates are UTF-16/UTF-32 without BOM; otherwise
    strict UTF-8 wins unless GB18030 or Big5 read much better (see module doc).
    """
    if b"\x00" in data:
        sample = data[:SAMPLE_BYTES]
        # ASCII in UTF-16/32 is half NULs or more; a few NULs in other bytes are read as Chinese UTF-16 or not at all
        return _choose(data, WIDE, any_script=sample.count(0) >= 0.1 * len(sample))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _choose(data, NARROW)
    if _unblemished(data, "utf-8"):  # most files: no need to score the reading
        return "utf-8"
    utf8 = _score(data, "utf-8")
    if utf8.clean and utf8.value >= 0:
        return "utf-8"
    rivals = tuple(s.codec for s in (_score(data, c) for c in NARROW[1:])
                   if s.chinese and s.value >= 0.5 and _strict(data, s.codec))
    return _choose(data, rivals) if rivals else "utf-8"


def _choose(data: bytes, candidates: tuple[str, ...], *, any_script: bool = False) -> str:
    """The best-scoring candidate that reads as text: (damaged) UTF-8 in any script, the others as
    Chinese unless ``any_script``."""
    scores = [s for s in (_score(data, codec) for codec in candidates)
              if (s.clean if any_script or s.codec == "utf-8" else s.chinese)]
    if not scores:
        if candidates is WIDE:
            raise BinaryData(f"binary file (NUL byte at byte {data.index(0)}), not text; "
                             "set the encoding (--encoding) to read it as text anyway")
        sample = data[:SAMPLE_BYTES]
        controls = sum(sample.count(b) for b in CONTROL_BYTES)
        if controls > 0.05 * len(sample):  # no text encoding puts these bytes in multi-byte characters
            raise BinaryData(f"binary file ({controls} control bytes in the first {len(sample)}), not text")
        raise UndetectedEncoding(_undetected(data))
    best = max(s.value for s in scores)
    tied = [s.codec for s in scores if s.value >= best - TIE]
    if len(tied) > 1:
        tied = sorted(tied, key=lambda c: c != _detector_choice(data, tied))
    return _resolve_big5(data, tied[0])


def _sample(data: bytes, codec: str) -> str:
    """The first SAMPLE_BYTES of ``data`` read by ``codec``, bad bytes replaced."""
    decoder = codecs.getincrementaldecoder("cp950" if codec == "big5" else codec)(errors="replace")
    return decoder.decode(data[:SAMPLE_BYTES], final=False)  # a character cut at the end is not held against it


def _unblemished(data: bytes, codec: str) -> bool:
    """Does the ``codec`` reading of the sample have text and nothing that lowers a score?
    Then ``_score`` would find it clean with a value of at least 0 (good / wide)."""
    text = _sample(data, codec)
    pos = 0
    while (other := UNSAFE.search(text, pos)) is not None:  # few characters are not SAFE
        if LOWERING.match(text, other.start()):
            return False
        pos = other.end()
    return bool(text)


def _score(data: bytes, codec: str) -> Score:
    """Score the reading of the first SAMPLE_BYTES of ``data`` by ``codec``."""
    text = _sample(data, codec)
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    bad = text.count(REPLACEMENT)
    weird = len(WEIRD.findall(text))
    foreign = len(FOREIGN.findall(text))
    good = sum(1 for ch in text if ch in FREQUENT) + len(PUNCTUATION.findall(text))
    value = (good - 0.5 * foreign - 2 * weird - 3 * bad) / max(wide, 1)
    return Score(codec, value, bool(text) and (bad + weird) <= max(1, 0.02 * len(text)), wide, bad)


def _strict(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _detector_choice(data: bytes, tied: list[str]) -> str | None:
    """charset-normalizer's pick among the tied candidates, or None when it has none."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE_BYTES], cp_isolation=[c.replace("-", "_") for c in tied]).best()
    return DETECTOR_NAMES.get(best.encoding) if best is not None else None


def _resolve_big5(data: bytes, codec: str) -> str:
    """Big5, or the first of its supersets that decodes the whole file."""
    if codec != "big5":
        return codec
    return next((variant for variant in BIG5_FAMILY if _strict(data, variant)), "cp950")


def _undetected(data: bytes) -> str:
    try:
        data.decode("utf-8")
        where = "no UTF-8 error"
    except UnicodeDecodeError as exc:
        where = _where(exc, data)
    return (f"cannot detect the encoding: not UTF-8 ({where}), and no GB18030, Big5 or UTF-16 reading "
            "gives Chinese text; set the encoding (--encoding)")
