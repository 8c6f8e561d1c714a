"""Boilerplate and generated text (BP): publisher notes, promos, link lists, credits, leaked
keyword lines and LLM commentary that scraping and MT pipelines carry into an article."""
from __future__ import annotations

import re
from typing import Iterator

from ..document import Block
from ..finding import Category, Severity
from .base import Context, rule
from .segment import FUNCTION_WORDS, block_words, sentence_spans

# --- BP001 -------------------------------------------------------------------------------------

# Strong: the sentence is a syndication note wherever it occurs.
_SYNDICATION_STRONG = re.compile(
    r"\bThe post\b.{1,200}?\bappeared first (?:on|at|in)\b"
    r"|\bthis (?:article|story|post|piece|interview|column|text|commentary|essay)"
    r" (?:was |has been )?(?:originally |first )?(?:published|posted|appeared)"
    r"(?: originally| first)? (?:on|at|in|by)\b"
    r"|\ba version of this (?:article|story|post|piece|interview|column)\b"
    r"|^originally (?:published|posted|appeared) (?:on|at|in|by) [^,;]{2,80}$",
    re.IGNORECASE,
)
# Weak: "<title> first appeared on <site>." — only when it ends the sentence on a site name.
_SYNDICATION_WEAK = re.compile(
    r"\b(?:first appeared|appeared first|originally appeared) (?P<prep>on|at|in) (?P<venue>[^.!?]{2,60})"
    r"[.!]?[\"”’]?$",
    re.IGNORECASE,
)
_VENUE_NOUN = re.compile(
    r"^(?:the )?(?:(?:online|news|tech|german|english) )*(?:magazine|website|web site|blog|site|portal|"
    r"news ?portal|newsletter|platform|newspaper|publication)\b", re.IGNORECASE)
_NOT_A_VENUE = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december facebook twitter instagram tiktok youtube reddit
snapchat netflix television tv stage screen camera earth
""".split())


_SYNDICATION_CUE = re.compile(r"\b(?:appeared|published|posted|ran|version of this)\b", re.IGNORECASE)
# Cheap necessary conditions for the IGNORECASE patterns they stand before, written
# case-sensitively so that the scan can start at their first letter (which IGNORECASE prevents).
# Each letter lists every character IGNORECASE matches to it: "s" also matches a long "ſ", "i" a
# dotless "ı" and a dotted capital "İ"; the other letters used here match only their two cases.
# Without the leading \b they may find more, never less.
_HINT_SYNDICATION_CUE = re.compile(
    r"[aApPrRvV](?:[pP][pP][eE][aA][rR][eE][dD]|[uU][bB][lL][iIİı][sSſ][hH][eE][dD]|[oO][sSſ][tT][eE][dD]"
    r"|[aA][nN]|[eE][rR][sSſ][iIİı][oO][nN] [oO][fF] [tT][hH][iIİı][sSſ])\b")


def _is_syndication(sentence: str, opens_block: bool = True) -> bool:
    if _SYNDICATION_STRONG.search(sentence):
        return True
    m = _SYNDICATION_WEAK.search(sentence)
    if not m:
        return False
    venue = m.group("venue").strip()
    subject = sentence[:m.start()]
    titled = any(c in subject for c in ":|“\"«")
    if len(subject.split()) < 4 and not titled:
        return False  # "The virus first appeared in Wuhan."
    if _VENUE_NOUN.match(venue):
        return True
    if m.group("prep").lower() == "in":
        return False  # "… first appeared in The Lancet": too often a fact, not a note
    if not titled and not (opens_block and subject.split()[0].lower() not in FUNCTION_WORDS):
        return False  # "The former president's comments first appeared on Fox News."
    words = venue.split()
    return (len(words) <= 5 and words[0][:1].isupper()
            and words[0].lower().strip("’'s") not in _NOT_A_VENUE
            and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "for") for w in words))


def _sentences(ctx: Context, prefilter: re.Pattern[str],
               hint: re.Pattern[str] | None = None) -> Iterator[tuple[Block, int, int, str]]:
    """Sentences of the blocks in which ``prefilter`` finds something; ``hint``, a cheaper
    necessary condition of ``prefilter``, is searched for first."""
    text = ctx.text
    for block, btext in ctx.blocks():
        if hint is not None and not hint.search(btext):
            continue
        if not prefilter.search(btext):
            continue
        for s, e in sentence_spans(text, block.range.start, block.range.end):
            yield block, s, e, text[s:e]


@rule("BP001", "syndication-note", Category.BOILERPLATE, Severity.MAJOR)
def syndication_note(ctx: Context):
    """A publisher's syndication note ("X first appeared on Y.") left in the article.

    ## What it flags
    The whole sentence that says where the text was first published: "<title> first appeared
    on/at <site>.", WordPress's "The post <title> appeared first on <site>.", "This article was
    originally published on/by …", "A version of this story …", "Originally published on …"
    (a sentence of its own: "Originally published in 1951, the novel …" passes).
    The looser "<title> first appeared on/at …" form counts only when the sentence ends on the
    site: "the online magazine …", or capitalised words (not a weekday, month or social
    network) after a title-like subject of at least four words that has a colon or quotes, or
    opens the paragraph without an article or pronoun. So "The virus first appeared in Wuhan.",
    "The video first appeared on Twitter." and "The former president's comments first appeared
    on Fox News." pass.

    ## Why it matters
    The note belongs to the feed the article was scraped from, not to the article. Translated
    and republished, it credits the wrong outlet and reads as noise.

    ## Example
    "Meta’s AI strategy: Mark Zuckerberg packs the crowbar first appeared on Basic Thinking."

    ## Fix safety
    No fix: deleting a sentence is left to an editor.

    ## Data
    Patterns in `mtcheck/rules/boilerplate.py`.
    """
    for block, s, e, sent in _sentences(ctx, _SYNDICATION_CUE, _HINT_SYNDICATION_CUE):
        if _is_syndication(sent, s == block.range.start):
            yield ctx.flag(s, e, "syndication note: says where the article first appeared",
                           suggestion="delete the sentence")


# --- BP002 -------------------------------------------------------------------------------------

_NETWORKS = (r"(?:google news|flipboard|twitter|facebook|instagram|linkedin|youtube|tiktok|telegram|"
             r"whatsapp|mastodon|threads|bluesky|pinterest|xing|x)")
_PROMO = re.compile(
    r"\b(?:subscribe|sign(?:[ -]?up)|register)\b[^.!?]{0,40}\bour\b[^.!?]{0,30}"
    r"\b(?:newsletters?|channel|podcast|feed|updates?|mailing list|alerts?)\b"
    r"|\bsubscribe to our\b"
    r"|\bour (?:\w+ ){0,2}newsletters?\b"
    r"|\b(?:follow|like|find) us\b[^.!?]{0,20}\b" + _NETWORKS + r"\b"
    r"|\bsign up (?:for|to) (?:the|our|my) (?:\w+ ){0,2}(?:newsletter|briefing|email)s?\b",
    re.IGNORECASE,
)
# Every branch of _PROMO has the word "our" or "us" or the words "sign up": a word starting with
# o, u or s that goes on with "ur", "s" or "ign up" (a superset), in every case IGNORECASE
# matches (see _HINT_SYNDICATION_CUE).
_HINT_PROMO = re.compile(r"[oOuUsSſ](?<=\b[oOuUsSſ])(?:[uU][rR]|[sSſ]|[iIİı][gG][nN] [uU][pP])\b")


@rule("BP002", "newsletter-promo", Category.BOILERPLATE, Severity.MAJOR)
def newsletter_promo(ctx: Context):
    """A newsletter or follow-us promotion left in the article.

    ## What it flags
    Each sentence that promotes the publisher's newsletter or social channels: "You can start the
    day well every morning via our newsletter update.", "Sign up for our newsletter",
    "Subscribe to our …", "Follow us on Twitter", "Follow us too Google News and Flipboard".

    ## Why it matters
    The promotion belongs to the original site. Carried into a translation or a republished
    copy, it points readers to someone else's channels and is not part of the story.

    ## Example
    "Follow us too Google News and Flipboard Or subscribe to our update newsletter."

    ## Fix safety
    No fix: deleting a sentence is left to an editor.

    ## Data
    Patterns in `mtcheck/rules/boilerplate.py`.
    """
    for _, s, e, sent in _sentences(ctx, _PROMO, _HINT_PROMO):
        if _PROMO.search(sent):
            yield ctx.flag(s, e, "newsletter or social-media promotion",
                           suggestion="delete the sentence")


# --- BP003 -------------------------------------------------------------------------------------

_RELATED = re.compile(
    r"(?:(?:also interesting|also of interest|see also|read also|also read|read more|more reading|"
    r"further reading|related articles?|related stories|related posts|related links|"
    r"more on (?:this|the) topic|more on this|you (?:might|may) also like|recommended articles)"
    r"(?=$|[\s:\-–—|»>])"
    r"|(?:related|recommended)(?=\s*(?:$|[:|»>])))"  # bare only as a label: "Related Party Transactions"
    r"[\s:\-–—|»>]*",
    re.IGNORECASE,
)


@rule("BP003", "related-links", Category.BOILERPLATE, Severity.MAJOR)
def related_links(ctx: Context):
    """A "See also" / "Also interesting" link teaser or link list left in the article.

    ## What it flags
    A block that starts with "Also interesting", "See also", "Read also", "Also read",
    "Read more", "Related articles", "More on this topic" (and a few variants), flagged together
    with the list items that follow it as one finding. Without a following list, the block is
    flagged when it is the label alone, or when it is short (at most 20 words), does not end
    with a full stop and the phrase is followed by a colon or a capitalised title ("See also
    Cure for MS? …"); prose such as "See also the chapter on taxes." passes. A bare "Related"
    or "Recommended" counts only as a label ("Related:"), so a heading such as "Related Party
    Transactions" passes.

    ## Why it matters
    These are links to other articles of the original site. After scraping and translation the
    links are gone and only their titles remain, interrupting the article with unrelated
    headlines.

    ## Example
    "Also interesting:" followed by four bulleted headlines; "See also Cure for MS? Researchers
    develop wearable devices for human cells".

    ## Fix safety
    No fix: deleting blocks is left to an editor.

    ## Data
    Patterns in `mtcheck/rules/boilerplate.py`.
    """
    blocks = list(ctx.blocks())
    i = 0
    while i < len(blocks):
        block, btext = blocks[i]
        m = _RELATED.match(btext)
        if not m or block.kind == "list_item":
            i += 1
            continue
        rest = btext[m.end():]
        j = i + 1
        while j < len(blocks) and blocks[j][0].kind == "list_item":
            j += 1
        n_words = len(btext.split())
        if j > i + 1 and n_words <= 8 and (not rest or ":" in btext[:m.end()] or rest[:1].isupper()):
            end = blocks[j - 1][0].range.end
            yield ctx.flag(block.range.start, end, "link list to other articles of the original site",
                           suggestion="delete the link list")
            i = j
            continue
        if not rest:  # the label alone ("Also interesting:"), its links lost
            yield ctx.flag(block.range.start, block.range.end, "link-list label of the original site",
                           suggestion="delete the line")
        elif (n_words <= 20 and not btext.rstrip("\"”’)").endswith(".")
                and (":" in btext[:m.end()] or rest[:1].isupper() or rest[:1] in "\"“")):
            yield ctx.flag(block.range.start, block.range.end, "link teaser to another article",
                           suggestion="delete the line")
        i += 1


# --- BP004 -------------------------------------------------------------------------------------

_CREDITS = re.compile(
    r"(?:(?:image|photo|picture|cover|header|featured|title) )?credits?(?:\s*[:\-–—|©]|\s+(?:to|by)\b|$)"
    r"|(?:(?:header|cover|featured|title|lead) )?(?:photos?|images?|pictures?|fotos?|illustrations?)"
    r"(?:\s*[:\-–—|©]|\s+by\b|\s+courtesy\b|$)"
    r"|(?:bildquelle|bildnachweis|beitragsbild|titelbild|quelle|fotos?)\b",
    re.IGNORECASE,
)
MAX_CREDIT_WORDS = 8


def _is_credit(btext: str) -> bool:
    return _CREDITS.match(btext) is not None and len(btext.split()) <= MAX_CREDIT_WORDS


@rule("BP004", "credits-line", Category.BOILERPLATE, Severity.MINOR)
def credits_line(ctx: Context):
    """A leftover image-credits line at the end of the article.

    ## What it flags
    A short block (at most eight words) among the last three blocks of the document that
    starts with "Credits", "Image credits", "Photo:", "Photo by", "Bildquelle:",
    "Bildnachweis:" or a similar credit label.

    ## Why it matters
    The credit belonged to an image that the text no longer carries; left in the article it is a
    dangling line (and often untranslated German).

    ## Example
    A document ending in a block that says only "Credits".

    ## Fix safety
    No fix: an editor decides whether the credit should move to an image caption.

    ## Data
    Patterns in `mtcheck/rules/boilerplate.py`.
    """
    blocks = list(ctx.blocks())
    for block, btext in blocks[-3:]:
        if _is_credit(btext):
            yield ctx.flag(block.range.start, block.range.end, "image-credits line without its image",
                           suggestion="delete the line or move it to the image caption")


# --- BP005 -------------------------------------------------------------------------------------

_TAGS = re.compile(r"(?:tags|keywords|schlagw(?:ö|oe)rter|schlagworte|stichw(?:ö|oe)rter|topics)\s*:",
                   re.IGNORECASE)
_SENTENCE_PUNCT = re.compile(r"[.,:;!?]")
MIN_KEYWORDS, MAX_KEYWORDS = 4, 15
KEYWORD_SHARE = 0.6
MIN_INNER_CAPS = 2  # capitalised words (tags are mostly names) after the first


@rule("BP005", "keyword-line", Category.BOILERPLATE, Severity.MAJOR)
def keyword_line(ctx: Context):
    """A leaked tag or keyword line ("Meta Mark Zuckerberg Ki strategy data centers").

    ## What it flags
    A block starting with "Tags:", "Keywords:" or "Schlagwörter:"; and a block (not the first
    of the document) of 4–15 words with no function words, no sentence punctuation, mixed case
    (at least two capitalised words after the first one, as tags are mostly names, and at least
    one lowercase word; an all-Title-Case line is a heading, a sentence-case line a headline),
    most of whose words (at least 60%) also occur elsewhere in the document: the article's
    tags, run together as if they were a sentence.

    ## Why it matters
    The tag list is metadata of the original page. In the text it reads as a garbled
    headline.

    ## Example
    "Meta Mark Zuckerberg Ki strategy data centers"

    ## Fix safety
    No fix: deleting a block is left to an editor.

    ## Data
    The function-word list is shared with the RP rules (`mtcheck/rules/repetition.py`).
    """
    blocks = list(ctx.blocks())
    candidates = []
    for idx, (block, btext) in enumerate(blocks):
        if _TAGS.match(btext):
            yield ctx.flag(block.range.start, block.range.end, "tag line of the original page",
                           suggestion="delete the line")
            continue
        if idx == 0 or _SENTENCE_PUNCT.search(btext):
            continue
        words = [w for _, _, w in ctx.shared(block_words)[block]]
        if not MIN_KEYWORDS <= len(words) <= MAX_KEYWORDS or len(words) != len(btext.split()):
            continue
        lows = [w.lower() for w in words]
        if any(w in FUNCTION_WORDS for w in lows) or any(not w.isalpha() for w in words):
            continue
        caps = sum(1 for w in words[1:] if w[0].isupper())
        if caps < MIN_INNER_CAPS or caps == len(words) - 1:
            continue  # a sentence-case headline, or a Title Case heading
        candidates.append((block, lows))
    if not candidates:
        return
    cand_ranges = {(b.range.start, b.range.end) for b, _ in candidates}
    elsewhere: set[str] = set()
    for block, btext in blocks:
        if (block.range.start, block.range.end) not in cand_ranges:
            elsewhere.update(w.lower() for _, _, w in ctx.shared(block_words)[block])
    for block, lows in candidates:
        if sum(1 for w in lows if w in elsewhere) >= KEYWORD_SHARE * len(lows):
            yield ctx.flag(block.range.start, block.range.end,
                           "keyword line: the page's tags, not a sentence or a heading",
                           suggestion="delete the line")


# --- BP006 -------------------------------------------------------------------------------------

_PERSONA = re.compile(
    r"As an? (?:[\w’'\-]+ ){0,5}?(?:expert|analyst|specialist|observer|enthusiast|professional|journalist|"
    r"consultant|AI language model|language model|AI)\b,? I\b",
    re.IGNORECASE,
)
_AI_MODEL = re.compile(r"As an AI(?: language)? model\b", re.IGNORECASE)


def _is_tail_boilerplate(block: Block, btext: str) -> bool:
    """A short trailer after appended commentary: credits, a heading-like line, a syndication
    note or a promo."""
    if _is_credit(btext) or block.kind == "heading":
        return True
    if len(btext.split()) <= 30 and (_is_syndication(btext) or _PROMO.search(btext)):
        return True
    return False


@rule("BP006", "generated-commentary", Category.ADDITION, Severity.CRITICAL)
def generated_commentary(ctx: Context):
    """Appended LLM commentary ("As a Tech Industry expert, I see …").

    ## What it flags
    A paragraph that opens like a chatbot's persona answer — "As a(n) … expert/analyst/
    specialist/observer/journalist/…, I …" or "As an AI language model" — together with all
    the paragraphs after it to the end of the document, as one finding. Trailing short
    boilerplate (a "Credits" line, a heading-like line, a syndication note or promo) is left
    out of the range. The persona opening does not count in the first block of the document (a
    columnist may open an article with "As a journalist, I …"); "As an AI language model" counts
    anywhere. "As a result, I …" and "As an expert in tax law, Müller said" pass.

    ## Why it matters
    The text was not in the source: a generation step added an opinion in the first person,
    attributed to nobody. Published, it is invented content under the publisher's name.

    ## Example
    "As a Tech Industry expert, I see Meta’s AI strategy as a bold and ambitious move by Mark
    Zuckerberg. …" and the three paragraphs after it.

    ## Fix safety
    No fix: deleting the commentary is left to an editor.

    ## Data
    Patterns in `mtcheck/rules/boilerplate.py`.
    """
    blocks = list(ctx.blocks())
    for idx, (block, btext) in enumerate(blocks):
        if block.kind == "heading":
            continue
        # A persona opening counts after the first block only: appended commentary comes after
        # the article, while a columnist may open with "As a journalist, I".
        if not (_AI_MODEL.match(btext) or (idx > 0 and _PERSONA.match(btext))):
            continue
        last = len(blocks) - 1
        while last > idx and _is_tail_boilerplate(*blocks[last]):
            last -= 1
        yield ctx.flag(block.range.start, blocks[last][0].range.end,
                       "generated commentary appended to the article",
                       suggestion="delete the appended commentary")
        return


RULES = (syndication_note, newsletter_promo, related_links, credits_line, keyword_line, generated_commentary)
