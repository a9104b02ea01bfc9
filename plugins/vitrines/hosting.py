"""Files that web hosts and crawlers read: ``_headers``, ``_redirects``,
``robots.txt``, ``sitemap.xml`` (an index) and the sitemap files it lists.

``_headers`` and ``_redirects`` use the Netlify / Cloudflare Pages format;
docs/hosting.md gives the same rules for nginx and S3 + CloudFront.
Hashed, immutable files live under ``assets/`` and ``media/`` only, so that
each path matches exactly one caching rule (both hosts join the values of a
header set by two matching rules).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"


def content_security_policy(tile_hosts: list[str] = ()) -> str:
    images = " ".join(["'self'", "data:", *tile_hosts])
    return "; ".join([
        "default-src 'self'",
        f"img-src {images}",
        "script-src 'self'",
        # style attributes carry photo placeholder colours; no <style> element is allowed
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self' mailto:",
        "frame-ancestors 'none'",
    ])


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # geolocation stays allowed for this site only: "shops near me" asks for it
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), "
                          "interest-cohort=(), browsing-topics=()",
    "X-Frame-Options": "DENY",
}


def headers_file(base: str, languages: list[str], tile_hosts: list[str] = ()) -> str:
    """``_headers``: security headers everywhere, a year's cache for hashed files,
    revalidation for everything whose address stays the same."""
    def rule(path: str, headers: dict) -> str:
        return f"{base}{path}\n" + "".join(f"  {k}: {v}\n" for k, v in headers.items())

    blocks = [rule("/*", {**SECURITY_HEADERS, "Content-Security-Policy": content_security_policy(tile_hosts)})]
    blocks += [rule(f"/{folder}/*", {"Cache-Control": IMMUTABLE}) for folder in ("assets", "media")]
    revalidated = ["/", "/index.html", "/404.html", "/sitemap.xml", f"/{SITEMAP_FOLDER}/*", "/robots.txt", "/data/*",
                   "/search/*",
                   *(f"/{lang}/*" for lang in languages)]
    blocks += [rule(path, {"Cache-Control": REVALIDATE}) for path in revalidated]
    return "\n".join(blocks)


def redirects_file(base: str, moves: list[tuple[str, str]], languages: list[str]) -> str:
    """``_redirects``: old shop addresses to new ones (301), then each language's 404 page."""
    lines = [f"{base}/{old} {base}/{new} 301" for old, new in moves]
    lines += [f"{base}/{lang}/* {base}/{lang}/404.html 404" for lang in languages]
    return "\n".join(lines) + "\n"


def robots_file(siteurl: str) -> str:
    text = "User-agent: *\nAllow: /\n"
    if siteurl:
        text += f"Sitemap: {siteurl.rstrip('/')}/sitemap.xml\n"
    return text


SITEMAP_MAX_URLS = 50_000  # the sitemaps protocol's limit for one file
SITEMAP_FOLDER = "sitemaps"


def sitemap_group(lang: str, group: str | None) -> str:
    """The name of the sitemap files of a language's ``group`` of pages (a town's shops; None:
    every other page)."""
    return f"{lang}-{group or 'pages'}"


def sitemap_files(pages: list[dict]) -> dict[str, list[dict]]:
    """The pages of each sitemap file, by file name: one per language and group (each town's
    shops, then every other page), cut at the protocol's 50,000 addresses. Editing one shop
    then changes its town's files only."""
    groups: dict[str, list[dict]] = {}
    for page in pages:
        groups.setdefault(sitemap_group(page["lang"], page.get("group")), []).append(page)
    files = {}
    for name, members in sorted(groups.items()):
        members.sort(key=lambda p: p["url"])
        for part, start in enumerate(range(0, len(members), SITEMAP_MAX_URLS)):
            files[f"{SITEMAP_FOLDER}/{name}{f'-{part + 1}' if part else ''}.xml"] = members[start:start + SITEMAP_MAX_URLS]
    return files


def sitemap_index(siteurl: str, names: list[str]) -> str:
    """``sitemap.xml``: the index of the sitemap files."""
    root = siteurl.rstrip("/") + "/" if siteurl else "/"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    out += [f"  <sitemap><loc>{escape(root + name)}</loc></sitemap>" for name in names]
    out.append("</sitemapindex>")
    return "\n".join(out) + "\n"


def sitemap(siteurl: str, pages: list[dict]) -> str:
    """``pages``: {"url": site address, "alternates": [{"lang", "url"}], "lastmod": date or None}."""
    root = siteurl.rstrip("/") + "/" if siteurl else "/"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in sorted(pages, key=lambda p: p["url"]):
        out.append(f"  <url><loc>{escape(root + page['url'])}</loc>")
        if page.get("lastmod"):
            out.append(f"    <lastmod>{page['lastmod']}</lastmod>")
        for alt in page.get("alternates", []):
            out.append(f"    <xhtml:link rel=\"alternate\" hreflang={quoteattr(alt['lang'])} "
                       f"href={quoteattr(root + alt['url'])}/>")
        out.append("  </url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"
