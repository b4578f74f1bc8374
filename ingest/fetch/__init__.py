"""``minutes fetch``: download a council's committee meetings from its ModernGov site.

==============  ===========================================================================
``client``      polite HTTP: one host, robots.txt, rate limit, retries, size cap, 304s,
                complete bodies only, one error per URL whatever the transport says
``decoding``    Content-Encoding undone in bounded pieces (decompression bombs)
``transport``   a deadline on every connect/read/write; bytes past Content-Length seen
``cache``       on-disk HTTP validators and bodies for conditional re-runs
``moderngov``   URLs and parsers for the XML web service and the HTML pages
``writer``      output folder: safe names, files with ``.meta.json`` sidecars, resume state
``councils``    ``--site`` checking and ``--council`` look-up in a councils CSV
``sync``        the run: discovery, agenda-item pages, PDFs, the report
==============  ===========================================================================
"""

from __future__ import annotations

from .councils import council_for_site, find_council, normalise_site
from .sync import FetchOptions, FetchReport, fetch_site

__all__ = [
    "FetchOptions",
    "FetchReport",
    "council_for_site",
    "fetch_site",
    "find_council",
    "normalise_site",
]
