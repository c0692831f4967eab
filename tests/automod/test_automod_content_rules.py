"""Tables of cases for the rules that judge one message on its own."""

from __future__ import annotations

import time

import pytest

from aegis.services.automod.rules import (
    CapsRule,
    CapsSettings,
    EmojiRule,
    EmojiSettings,
    InvitesRule,
    InvitesSettings,
    LinksRule,
    LinksSettings,
    WordsRule,
    ZalgoRule,
    ZalgoSettings,
)
from aegis.services.automod.rules.content.emoji import count_emoji
from aegis.services.automod.settings import parse_settings

ZALGO = "H̸̡̪̯ͨ͊̽̅̾̎Ȩ̬̩̾͛ͪ̈́̀́͘ ̶̧̨̱̹̭̯ͧ̾ͬC̷̙̲̝͖ͭ̏ͥͮ͟Oͮ͏̮̪̝͍M̲̖͊̒ͪͩͬ̚̚͜Ȇ̴̟̟͙̞ͩ͌͝S̨̥̫͎̭ͯ̿̔̀ͅ"


def words_settings(words=(), regexes=()):
    parsed = parse_settings({"rules": {"words": {"words": list(words), "regexes": list(regexes)}}})
    assert parsed.ok, parsed.errors
    return parsed.settings.rule("words")


@pytest.mark.parametrize(
    ("content", "tripped"),
    [
        ("THIS IS A VERY LOUD MESSAGE", True),
        ("This Is A Very Loud Message", False),
        ("OK", False),  # too short to be shouting
        ("LOL LMAO", False),
        ("WHY WOULD YOU DO THAT?!?!", True),
        ("hey <:KEKWLAUGHINGHARD:123456789012345678> ok", False),  # emoji names are not shouting
        ("check https://EXAMPLE.COM/SOME/LONG/PATH/HERE", False),
        ("ПОЧЕМУ ВСЕ ТАК ГРОМКО ПИШУТ", True),  # non-ASCII capitals count too
        ("12345678901234567890 A", False),  # digits are not letters
    ],
)
def test_caps(msg, content, tripped):
    assert (CapsRule().check(msg(content), CapsSettings()) is not None) is tripped


def test_caps_reason_has_the_counts(msg):
    hit = CapsRule().check(msg("AAAAAAAAAAAAAAAAAAAa"), CapsSettings())
    assert hit.reason == "95% capital letters in 20 letters (limit 70%)"
    assert hit.counts == {"upper": 19, "letters": 20, "ratio": 0.95}


@pytest.mark.parametrize(
    ("content", "count"),
    [
        ("no emoji here :) <3", 0),
        ("😀", 1),
        ("😀😀😀", 3),
        ("👍🏽", 1),  # skin tone stays one emoji
        ("👨‍👩‍👧‍👦", 1),  # ZWJ family is one emoji
        ("🇫🇷🇩🇪", 2),  # flags are pairs of regional indicators
        ("❤️ ✅", 2),
        ("1️⃣", 1),
        ("<:pog:123456789012345678>", 1),
        ("<a:dance:123456789012345678><:x:123456789012345678>", 2),
        ("<:not_emoji:12>", 0),  # too short to be a snowflake
        ("<@123456789012345678>", 0),  # a mention, not an emoji
    ],
)
def test_emoji_counting(content, count):
    assert count_emoji(content) == count


@pytest.mark.parametrize(
    ("content", "tripped"),
    [("😀" * 12, False), ("😀" * 13, True), ("<:pog:123456789012345678>" * 13, True), ("hi " * 50, False)],
)
def test_emoji(msg, content, tripped):
    assert (EmojiRule().check(msg(content), EmojiSettings()) is not None) is tripped


@pytest.mark.parametrize(
    ("content", "tripped"),
    [
        (ZALGO, True),
        ("a" + "\u0301" * 5, True),  # five marks stacked on one letter
        ("a" + "\u0301" * 4, False),
        ("Tiếng Việt có dấu rất nhiều", False),  # precomposed
        ("Tie\u0302\u0301ng Vie\u0323\u0302t", False),  # decomposed Vietnamese: two per letter
        ("שָׁלוֹם עֲלֵיכֶם", False),  # Hebrew points are not zalgo
        ("plain ascii", False),
        ("é" * 3, False),
    ],
)
def test_zalgo(msg, content, tripped):
    assert (ZalgoRule().check(msg(content), ZalgoSettings()) is not None) is tripped


@pytest.mark.parametrize(
    ("content", "codes"),
    [
        ("join discord.gg/abc123", ["abc123"]),
        ("https://discord.com/invite/Xyz-9", ["Xyz-9"]),
        ("https://discordapp.com/invite/foo", ["foo"]),
        ("discord . gg / spaced", ["spaced"]),
        ("DISCORD.GG/Shout", ["Shout"]),
        ("discord.gg\\backslash", ["backslash"]),
        ("hxxps://discord[.]gg/defanged", ["defanged"]),
        ("[click me](https://discord.gg/markdown)", ["markdown"]),
        ("<https://discord.gg/embedless>", ["embedless"]),
        ("discord.gg/ours is our server", []),  # allow-listed
        ("discord.gg/OURS vanity, any case", []),
        ("i love discord so much", []),
        ("discord.com/channels/1/2/3", []),  # a message link, not an invite
    ],
)
def test_invites(msg, content, codes):
    hit = InvitesRule().check(msg(content), InvitesSettings(allowed_codes=("ours",)))
    assert (hit.matched.split(", ") if hit else []) == codes


def test_invite_reason(msg):
    hit = InvitesRule().check(msg("discord.gg/a1 discord.gg/b2"), InvitesSettings())
    assert hit.reason == "invite to another server: discord.gg/a1 and 1 more"


DENY = LinksSettings(denied_domains=("evil.com", "grabify.link", "bit.ly"))


@pytest.mark.parametrize(
    ("content", "matched"),
    [
        ("go to https://evil.com/free", "evil.com"),
        ("http://login.evil.com", "login.evil.com"),  # subdomains are covered
        ("EVIL.COM/path", "evil.com"),  # no scheme, with a path
        ("visit evil.com now", "evil.com"),  # bare, under a common suffix
        ("www.evil.com", "www.evil.com"),
        ("hxxps://evil[.]com", "evil.com"),  # defanged
        ("h**p://evil(.)com/x", "evil.com"),
        ("[totally safe](https://evil.com)", "evil.com"),  # markdown hides the target
        ("<https://grabify.link/ABC>", "grabify.link"),
        ("https://bit.ly/3xyz", "bit.ly"),
        ("evil。com/x", "evil.com"),  # ideographic full stop
        ("notevil.com", None),  # a different registered domain
        ("evil.com.au", None),  # a different domain too
        ("mail me at me@evil.com", None),  # an address, not a link
        ("see readme.md and config.py", None),  # files, not links
        ("ok.sure", None),
        ("https://example.org", None),
    ],
)
def test_links_deny_mode(msg, content, matched):
    hit = LinksRule().check(msg(content), DENY)
    assert (hit.matched if hit else None) == matched


@pytest.mark.parametrize(
    ("content", "tripped"),
    [
        ("https://www.youtube.com/watch?v=x", False),
        ("https://tenor.com/view/cat", False),
        ("https://example.org/page", True),
        ("example.org/page", True),
        ("nothing to see", False),
        ("cdn.discordapp.com/attachments/1/2/a.png", False),
    ],
)
def test_links_allow_mode(msg, content, tripped):
    settings = LinksSettings(mode="allow")
    assert (LinksRule().check(msg(content), settings) is not None) is tripped


def test_links_inert_without_a_deny_list(msg):
    assert LinksRule().check(msg("https://evil.com"), LinksSettings()) is None


@pytest.mark.parametrize(
    ("words", "regexes", "content", "matched"),
    [
        (["ass"], [], "you ass", "ass"),
        (["ass"], [], "assassin", None),  # whole words only
        (["ass"], [], "classy assessment", None),
        (["ass"], [], "ASS!", "ASS"),  # case-insensitive, punctuation is an edge
        (["ass"], [], "(ass)", "ass"),
        (["spam*"], [], "stop spamming", "spamming"),
        (["spam*"], [], "antispam", None),
        (["*spam"], [], "antispam", "antispam"),
        (["f*ck"], [], "fuck", "fuck"),
        (["f*ck"], [], "fck", "fck"),
        (["free nitro"], [], "FREE NITRO here", "FREE NITRO"),
        (["дурак"], [], "ты Дурак.", "Дурак"),  # Unicode word edges
        (["дурак"], [], "дураки", None),
        (["bad"], [], "ｂａｄ", "bad"),  # fullwidth folds to ASCII
        (["a.b"], [], "axb", None),  # a word is literal, not a regex
        ([], [r"steam\s*gift"], "Free STEAMGIFT now", "STEAMGIFT"),
        ([], [r"\d{16}"], "card 1234567812345678", "1234567812345678"),
        ([], [r"nitro"], "supernitro", "nitro"),  # regexes search anywhere
        ([], [], "anything", None),
    ],
)
def test_words(msg, words, regexes, content, matched):
    hit = WordsRule().check(msg(content), words_settings(words, regexes))
    assert (hit.matched if hit else None) == matched


def test_catastrophic_regex_runs_in_linear_time(msg):
    # (a+)+$ takes exponential time in backtracking engines on "aaaa...!"; RE2 does not.
    settings = words_settings(regexes=[r"(a+)+$"])
    attack = msg("a" * 100_000 + "!")
    start = time.perf_counter()
    assert WordsRule().check(attack, settings) is None
    assert time.perf_counter() - start < 0.5
    assert WordsRule().check(msg("baaa"), settings).matched == "aaa"


def test_many_wildcards_do_not_backtrack(msg):
    settings = words_settings(words=["a*a*a*a*a*a*a*a*b"])
    start = time.perf_counter()
    assert WordsRule().check(msg("a" * 50_000), settings) is None
    assert time.perf_counter() - start < 0.5


def test_words_reason(msg):
    hit = WordsRule().check(msg("what an idiot"), words_settings(["idiot"]))
    assert hit.reason == "forbidden word: 'idiot'"
