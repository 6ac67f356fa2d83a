"""The structure the web app's tests serve: the export tests' detailed one (2.1.1 has an
example with every archivist's field), with references in both directions between
1.1 and 2.1.1 and from the removed 2.1.2 to 2.1.1."""

from __future__ import annotations

from tests.export_data import DETAILED

WEB = DETAILED.replace(
    "        description: Här ligger det politiska arbetet.\n",
    "        description: Här ligger det politiska arbetet.\n"
    "        comments: Fakturor hanteras i P 2.1.1 Hantera kostnader från leverantör.\n",
).replace(
    "            removed_as: Upphörd\n",
    "            removed_as: Upphörd\n"
    "            comments: Inköp hanteras i P 2.1.1 Hantera kostnader från leverantör.\n",
).replace(
    "              - leverantörsfaktura\n",
    "              - leverantörsfaktura\n"
    "              - protokoll från leverantörsmöte, se P 1.1 Utföra politiskt ledningsarbete\n",
)
assert WEB.count("P 2.1.1") == 2 and "se P 1.1" in WEB

DAY = "2024-05-01"  # a date every test states, so that nothing depends on today
