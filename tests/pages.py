"""Article pages and feeds for ingestion tests (invented outlets and people)."""

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour plan approved | The Coast Courier</title>
<meta name="author" content="Priya Nandakumar">
<meta property="article:published_time" content="2026-03-04T09:30:00Z">
<link rel="canonical" href="https://courier.example/news/harbour-plan">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour plan approved after long night of debate</h1>
<p class="byline">By Priya Nandakumar</p>
<p>The council approved the harbour redevelopment plan on Tuesday after a debate that ran past midnight.</p>
<p>Council leader Martin Hale said the scheme would create 400 jobs within three years. He did not say how
the figure had been calculated.</p>
<p>Opponents argued that the plan would push up rents for families who have lived by the water for
generations, citing a survey of 300 residents carried out by the tenants' association.</p>
<p>"We will hold the council to every promise it made tonight," said Grace Obi, who chairs the association.</p>
</article>
<footer>Copyright The Coast Courier. <a href="/privacy">Privacy</a></footer>
</body></html>"""

SECOND_HTML = (
    ARTICLE_HTML.replace("harbour-plan", "harbour-plan-2")
    .replace("400 jobs", "450 jobs")
    .replace("Harbour plan approved after", "Harbour plan finally approved after")
)


def rss(base: str, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>Tue, 03 Mar 2026 10:0{i}:00 GMT</pubDate></item>"
        for i, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Courier</title>'
        f"<link>{base}/</link><description>News</description>{items}</channel></rss>"
    )
