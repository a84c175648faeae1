"""The half-yearly report for the Programmaberaad Sociaal Domein as a PDF (WeasyPrint). The PDF is the print
page's own HTML (the same template part, so the same tables and SVG charts as /beleid/), laid out by
WeasyPrint with one local stylesheet. WeasyPrint fetches nothing from the network: its URL fetcher serves
only our own static files and refuses every other address."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASIS = "https://rapport.invalid/"  # a base that never resolves: relative URLs end up in `fetch` below


class AlleenEigenBestanden(URLFetcher):
    def fetch(self, url, headers=None):
        deel = urlsplit(url)
        if f"{deel.scheme}://{deel.netloc}/" != BASIS or not deel.path.startswith(settings.STATIC_URL):
            raise ValueError(f"Het rapport haalt niets van buiten: {url}")
        pad = finders.find(deel.path.removeprefix(settings.STATIC_URL))
        if not pad:
            raise ValueError(f"Dit bestand bestaat niet: {url}")
        with open(pad, "rb") as bestand:
            inhoud = bestand.read()
        soort = "text/css" if pad.endswith(".css") else "application/octet-stream"
        return URLFetcherResponse(url, inhoud, {"Content-Type": soort})


def document(html: str):
    """The laid-out pages (WeasyPrint's Document): write_pdf() gives the file."""
    return HTML(string=html, base_url=BASIS, url_fetcher=AlleenEigenBestanden(), media_type="print").render()


def pdf(html: str) -> bytes:
    return document(html).write_pdf()
