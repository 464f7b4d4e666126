#!/usr/bin/env python3
"""Reference outputs of OpenAI's CLIP tokenizer for texts that exercise its clean-up (ftfy, HTML unescape, whitespace,
Unicode lower-casing) and its split pattern, in the golden tokenizer format plus a `clean` field (the text after
basic_clean + whitespace_clean + lower). Written to tests/TvrLab.Tests/Text/clip_bpe_cleanup.jsonl.

Needs openai/CLIP's clip/simple_tokenizer.py importable (PYTHONPATH) with the vocabulary beside it, ftfy and regex:
  PYTHONPATH=/path/to/CLIP python3 scripts/reference/clip_tokenizer_cases.py
"""
import json, pathlib, sys
import ftfy, regex
from clip.simple_tokenizer import SimpleTokenizer, basic_clean, whitespace_clean

CASES = [
    # HTML character references: CLIP unescapes twice after ftfy, which unescapes until stable when there is no '<'
    "Tom &amp; Jerry", "&lt;b&gt;bold&lt;/b&gt;", "fish &amp;amp; chips", "&amp;amp;amp;amp; deep", "caf&eacute; cr&egrave;me",
    "&EACUTE;COLE", "&nTILDE; stays", "this&not that", "&notit; prefix", "&#39;quoted&#39; &#x27;hex&#x27;", "&#128512; grin",
    "&#0; zero", "&#150; cp1252 dash", "&#x110000; too big", "&#xD800; surrogate", "&semi; semicolon", "a &copy b &copy; c",
    "<b>&amp;amp;</b> markup", "x < y &amp;amp; z", "&#65&#66&#67 no semicolons", "&ampere; &amp", "&#x1F600;&#X1f600;",
    "&AMP;&QUOT;&LT;", "&szlig; &SZLIG;", "&#00000000065; zeros", "&#99999999999999999999; huge", "&#x; &#; & ;",
    # ftfy: quotes, ligatures, width, controls, line breaks, terminal escapes, C1 controls
    "\u201csmart\u201d quotes \u2018single\u2019 it\u2019s", "\u201e low \u201f reversed \u02bc apostrophe", "\ufb01ne \ufb02our \ufb00 \ufb03 \ufb06",
    "\u0132ssel \u0149 \u01c4 \u01c5 \u01c6 \u01c9", "\uff2c\uff2f\uff35\uff24\u3000\uff2e\uff2f\uff29\uff33\uff25\uff33", "\uff76\uff80\uff76\uff85 halfwidth",
    "\uff11\uff12\uff13 \uff01\uff1f", "a\x00b\x07c", "tab\there\x0bvt\x0cff", "\x1fsep\x1cfs", "zero\u200bwidth joiner\u200dok",
    "\ufeffbom in\ufefftext", "\x1b[31mred\x1b[0m text", "soft\u00adhyphen", "c1 \x85 \x96 \x80 \x81 \x9f", "dep\u206arecated\u206f",
    "obj\ufffcect\ufff9", "\r\nwindows\r\nlines\r", "line\u2028sep para\u2029sep", "nbsp\u00a0space\u2009thin\u202fnarrow",
    "  lead and trail  ", "\t\n  \x1c\x1d", "",
    # lower-casing as Python does it
    "\u0130stanbul \u0130", "\u039f\u0394\u039f\u03a3 \u03a3\u039f\u03a6\u039f\u03a3", "\u03a3\u0391 \u03a3 a\u03a3 \u039c\u0391\u03a3. \u039c\u0391\u03a3'\u03a3",
    "\u01c5emal \u1e9e stra\u00dfe", "\U00010400 deseret \U00010428", "\u13a0\u13a1 cherokee \uab70", "\u2160\u2161 roman \u216b", "\u24b6\u24b7 circled",
    # NFC
    "e\u0301cole A\u030a", "\u1100\u1161\u11a8 jamo", "\u212b angstrom \u2126 ohm",
    # letters, numbers and everything else in the split
    "\U0001d400\U0001d401\U0001d402 math", "\u2460\u2461\u2462", "\u0663\u0664\u0665 arabic digits", "\u00bd \u00be x\u00b2 10\u00b3",
    "\U0001d7d8\U0001d7d9", "\U0001f44d\U0001f3fd thumbs", "\U0001f1ef\U0001f1f5 flag", "\U0001f468\u200d\U0001f469\u200d\U0001f467 family",
    "\u00a9\u00ae\u2122 \u20ac100 \u2014 \u2013 \u2026", "\u0e44\u0e17\u0e22 \u0e20\u0e32\u0e29\u0e32", "\u0939\u093f\u0928\u094d\u0926\u0940",
    "\u0639\u0631\u0628\u064a", "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac", "\u0440\u0443\u0441\u0441\u043a\u0438\u0439 \u0422\u0415\u041a\u0421\u0422",
    "\u05e2\u05d1\u05e8\u05d9\u05ea", "\U00020000\U0002a6d6 ext-b", "3.14159 1,000,000 12th v2.0",
    # special tokens and contractions
    "<|startoftext|>hello<|endoftext|>", "<|ENDOFTEXT|> upper", "!<|endoftext|> glued", "<|endoftext no close",
    "it's <|startoftext|>'s", "'S 'T 'RE 'VE 'M 'LL 'D", "rock'n'roll o'clock", "''s don''t", "'ll've 'dd", "\u2019s curly",
    # truncation at 32 and 77
    " ".join(["wordy"] * 40), " ".join(f"{i}" for i in range(100)), "a" * 300,
]

tok = SimpleTokenizer()
out = pathlib.Path(__file__).resolve().parents[2] / "tests/TvrLab.Tests/Text/clip_bpe_cleanup.jsonl"
sot, eot = tok.encoder["<|startoftext|>"], tok.encoder["<|endoftext|>"]

def pad(ids, n):
    return ids + [0] * (n - len(ids))

with out.open("w", encoding="utf-8") as f:
    for text in CASES:
        ids = tok.encode(text)
        context = [sot] + ids + [eot]
        if len(context) > 77:
            context = context[:77]
            context[-1] = eot
        c4c = ([sot] + ids)[:31] + [eot]
        row = {"text": text, "clean": whitespace_clean(basic_clean(text)).lower(), "ids": ids,
               "decoded": tok.decode(ids), "context77": pad(context, 77), "clip4clip32": pad(c4c, 32)}
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(f"{len(CASES)} cases -> {out} (ftfy {ftfy.__version__}, regex {regex.__version__}, Python {sys.version.split()[0]})")
