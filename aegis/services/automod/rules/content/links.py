"""Links to domains on a deny-list, or, in allow-list mode, to any domain not on it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import tldextract

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import choice, texts
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings
from aegis.services.automod.rules.obfuscation import deobfuscate

# A host, optionally after a scheme, optionally followed by a path. The look-behind skips
# e-mail addresses and the middle of longer tokens.
_URL = re.compile(
    r"(?<![\w@.-])(?P<scheme>[a-z][a-z0-9+.-]{1,15}://)?"
    r"(?P<host>(?:[\w-]{1,63}\.)+[\w-]{2,63})\.?(?P<path>[/?#:]\S*)?",
    re.IGNORECASE,
)
# Without a scheme, "www." or a path, "notes.md" is a file and "ok.so" a typo, not a link;
# a bare name counts only under the suffixes spam actually uses.
_BARE_SUFFIXES = frozenset(
    [
        "com",
        "net",
        "org",
        "info",
        "biz",
        "io",
        "gg",
        "co",
        "me",
        "xyz",
        "ru",
        "su",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "top",
        "site",
        "online",
        "club",
        "shop",
        "live",
        "link",
        "click",
        "app",
        "dev",
        "ly",
        "to",
        "cc",
        "ws",
        "pw",
        "icu",
        "buzz",
        "fun",
        "store",
        "vip",
        "win",
        "bid",
        "loan",
        "work",
    ]
)


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # The bundled public-suffix snapshot only: automod must never fetch anything.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@functools.lru_cache(maxsize=16384)
def registered_host(host: str) -> str | None:
    """The host in lower case if it ends in a real public suffix, else None."""
    parts = _extractor()(host)
    return host.lower().rstrip(".") if parts.suffix and parts.domain else None


def find_hosts(text: str) -> list[str]:
    if "." not in text and "。" not in text and "．" not in text:
        return []
    hosts = []
    for m in _URL.finditer(deobfuscate(text)):
        host = m["host"]
        explicit = m["scheme"] or m["path"] or host[:4].lower() == "www."
        if not explicit and host.rsplit(".", 1)[-1].lower() not in _BARE_SUFFIXES:
            continue
        if (registered := registered_host(host)) is not None:
            hosts.append(registered)
    return hosts


def on_list(host: str, domains: frozenset[str]) -> bool:
    """example.com covers example.com and every subdomain of it, nothing else."""
    if host in domains:
        return True
    parts = host.split(".")
    return any(".".join(parts[i:]) in domains for i in range(1, len(parts) - 1))


def _domain_problem(item: str) -> str | None:
    return None if re.fullmatch(r"(?:[\w-]+\.)+[\w-]+", item) else "is not a domain like example.com"


@dataclass(frozen=True)
class LinksSettings(RuleSettings):
    mode: str = choice("deny", ("deny", "allow"), "deny: block listed domains; allow: block all others")
    denied_domains: tuple[str, ...] = texts((), _domain_problem, 5000, 253, "blocked in deny mode, with subdomains")
    allowed_domains: tuple[str, ...] = texts(
        (
            "discord.com",
            "discord.gg",
            "discordapp.com",
            "discordapp.net",
            "tenor.com",
            "giphy.com",
            "youtube.com",
            "youtu.be",
        ),
        _domain_problem,
        5000,
        253,
        "allowed in allow mode, with subdomains",
    )

    @functools.cached_property
    def denied_set(self) -> frozenset[str]:
        return frozenset(d.lower() for d in self.denied_domains)

    @functools.cached_property
    def allowed_set(self) -> frozenset[str]:
        return frozenset(d.lower() for d in self.allowed_domains)

    def prepare(self) -> list[str]:
        self.denied_set, self.allowed_set  # noqa: B018 - build once, off the hot path
        return []


class LinksRule(MessageRule[LinksSettings]):
    name = "links"
    settings_type = LinksSettings

    def check(self, ctx: MessageContext, settings: LinksSettings) -> Hit | None:
        if settings.mode == "deny" and not settings.denied_domains:
            return None
        hosts = find_hosts(ctx.content)
        if settings.mode == "deny":
            bad = [h for h in hosts if on_list(h, settings.denied_set)]
            why = "blocked domain"
        else:
            bad = [h for h in hosts if not on_list(h, settings.allowed_set)]
            why = "domain not on the allow-list"
        if not bad:
            return None
        return Hit(
            reason=f"link to {why}: {bad[0]}" + (f" and {len(bad) - 1} more" if len(bad) > 1 else ""),
            matched=", ".join(dict.fromkeys(bad)),
            counts={"links": len(bad)},
            message_ids=(ctx.message_id,),
        )
