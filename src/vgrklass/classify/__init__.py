"""Suggest the process for a whole document, with the lines and words that led there.

A document is not a query: it has hundreds of words, most of them boilerplate. The
ranking therefore leans on what a registrar looks at first (docs/classify.md):

* **Layout** (fields.py, layout.py). Fields of a letterhead or form ("Kundnummer:
  10045", "Org.nr …") are fields, not prose; a field naming a party ("Kund: Region
  Halland") and a company's letterhead tell who the document is from. The title is cut
  into the words naming the document type (its head, or a lone type after a dash:
  "… – yttrande"), its subject and asides in parentheses; the lines fall into zones,
  from the title to the body.
* **Document types** (profiles.py, rank.py). The structure's example lists are its
  vocabulary of document types. An example whose words occur in the document (compounds
  split, inflections conflated, each coordinated alternative apart, a compound's parts
  only where they stand together on a line) is a strong signal, strongest in the title.
  A type many processes list counts less: then the subject and the author decide.
* **Knowledge** (known.py). The title's type is also read through `search.find`
  (thesaurus, Synlex, the domain vocabulary, the general lexicon); that never outweighs
  a direct match.
* **Author and parties** (terms.py). An organ named in the title ("Regionstyrelsen",
  "socialnämnden", "ledningsgruppen") counts by its head, even inside the organisation's
  otherwise ignored name; the other party's role ('leverantör' when we are the customer)
  qualifies the document's type.
* **Words** (rank.py). Every content word is matched against each process's fields,
  BM25 style; the body's share is saturated so that a long document's sections cannot
  outvote its title.
* **Confidence** (rank.py). Close scores, a title whose subject belongs to a runner-up,
  or a document type that does not single out the best make the answer uncertain;
  nothing distinctive makes it no suggestion. It never depends on how many suggestions
  are shown.

Swedish handling (tokens, stop words, lemmas, compound splitting) comes from
`vgrklass.search.text`, so `find` and `classify` see words alike.

Many files (bulk.py, pool.py, sources.py): `classify_file(path, Classifier)` is one
file's plain library call, which never raises for the file; `bulk.run` streams a share
through worker processes; the processes are pruned through the index so that a document
costs about as much on a region's hundred structures as on one (profiles.Ranking).
"""

from vgrklass.classify.bulk import Classifier, FileResult, classify_file
from vgrklass.classify.layout import (
    choose_title,
    content_lines,
    document_zones,
    read_layout,
    title_head,
)
from vgrklass.classify.profiles import (
    Profiles,
    alternatives,
    build_profiles,
    head_nouns,
    load_profiles,
)
from vgrklass.classify.rank import CLOSE_RATIO, classify, subject_disagrees, type_doubt
from vgrklass.classify.results import FIELD_NAMES, ZONE_NAMES, Classification, Evidence, Hit
from vgrklass.classify.terms import DocumentTerms, document_terms

__all__ = [
    "CLOSE_RATIO",
    "FIELD_NAMES",
    "Classifier",
    "FileResult",
    "ZONE_NAMES",
    "Classification",
    "DocumentTerms",
    "Evidence",
    "Hit",
    "Profiles",
    "alternatives",
    "build_profiles",
    "choose_title",
    "classify",
    "classify_file",
    "content_lines",
    "document_terms",
    "document_zones",
    "head_nouns",
    "load_profiles",
    "read_layout",
    "subject_disagrees",
    "title_head",
    "type_doubt",
]
