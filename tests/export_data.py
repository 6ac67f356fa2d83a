"""Shared fixtures of the export tests: a structure whose examples carry the archivist's
fields, and one whose examples try to inject formulas and markup."""

from __future__ import annotations

from tests.conftest import MINIMAL

# 2.1.1 gets one example with every field and keeps one plain string.
DETAILED = MINIMAL.replace(
    "              - följesedel\n",
    """\
              - text: följesedel
                bevaras_gallras: gallras
                gallringsfrist: 2 år
                sekretess: nej
                personuppgifter: ja
                forvaring: ekonomisystemet
                format: digitalt
                anmarkning: Gallras efter kontroll
""",
)

DANGEROUS_EXAMPLES = (
    '=HYPERLINK("http://x")',
    "-2+3",
    "@SUM(A1)",
    "+1",
    "\ttab först",
    "<script>alert(1)</script>",
    "a | b",
)


def dangerous_yaml() -> str:
    """MINIMAL with 2.1.1's examples replaced by injection attempts (YAML-quoted)."""
    lines = "".join(f"              - {_quote(e)}\n" for e in DANGEROUS_EXAMPLES)
    text = MINIMAL.replace("              - leverantörsfaktura\n              - följesedel\n",
                           lines)
    assert text != MINIMAL
    return text.replace("title: Hantera bemanning",
                        "title: Hantera <b>bemanning</b> & \"annat\"")


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return f'"{escaped}"'

# Every retention field, in the forms archivists write them, on several document types of
# 2.1.1 (plus a plain one), sökord, and a reference from 1.1 to 2.1.1.
EVERY_FIELD = MINIMAL.replace(
    "              - leverantörsfaktura\n              - följesedel\n",
    """\
              - text: leverantörsfaktura
                bevaras_gallras: gallras
                gallringsfrist: 10 år efter räkenskapsårets utgång
                gallringsstod: RA-FS 2021:6
                sekretess: nej
                personuppgifter: nej
                forvaring: ekonomisystemet
                registrering: registreras i ekonomisystemet
                format: digitalt, PDF/A
                anmarkning: Original i ekonomisystemet.
              - text: följesedel
                bevaras_gallras: gallras
                gallringsfrist: vid inaktualitet
                gallringsstod: RS 2020-01234
              - text: avtal med leverantör
                bevaras_gallras: bevaras
                sekretess: ja, OSL 31 kap. 16 §
                personuppgifter: ja
              - påminnelse
            sokord:
              - faktura från leverantör
""",
).replace(
    "        handling: Handlingar och ärenden stannar kvar i regionstyrelsen.\n",
    "        comments: Fakturor hanteras i P 2.1.1.\n"
    "        handling: Handlingar och ärenden stannar kvar i regionstyrelsen.\n",
)
