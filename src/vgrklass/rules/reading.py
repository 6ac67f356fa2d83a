"""The rules checked while the file is read (`load`, `yamlread`), by the schema (`parse`,
`model`) and in the list of accepted warnings (`accepted`): listed here so that every
rule id `validate` can report has one entry in the registry, with its severity and
description; they are found there."""

from __future__ import annotations

from vgrklass.rules.base import RuleInfo

RULES = (
    RuleInfo("fil-saknas", "fel", "filen finns inte", unreadable=True),
    RuleInfo("inte-en-fil", "fel", "sökvägen är en katalog eller en specialfil (t.ex. "
             "`/dev/zero`)", unreadable=True),
    RuleInfo("för-stor-fil", "fel", "filen är större än 64 MiB", unreadable=True),
    RuleInfo("oläsbar-fil", "fel", "filen kunde inte läsas (t.ex. behörighet)", unreadable=True),
    RuleInfo("binär-fil", "fel", "filen innehåller NUL-tecken: den är binär, inte YAML",
             unreadable=True),
    RuleInfo("inte-utf8", "fel", "filen är inte UTF-8 (t.ex. sparad som Latin-1; raden "
             "anges), eller är sparad som UTF-16/UTF-32 (kodningen anges)", unreadable=True),
    RuleInfo("tom-fil", "fel", "filen är tom eller innehåller bara kommentarer"),
    RuleInfo("yaml-syntax", "fel", "YAML-syntaxfel (tabbar, kolon, citattecken, indrag, "
             "styrtecken …)"),
    RuleInfo("alias", "fel", "YAML-alias (`*namn`) eller sammanslagning (`<<`)"),
    RuleInfo("flera-dokument", "fel", "mer än ett YAML-dokument (`---`) i filen"),
    RuleInfo("för-djup", "fel", "nästling djupare än 64 nivåer"),
    RuleInfo("dubblett-nyckel", "fel", "samma nyckel två gånger i samma mappning (den första "
             "gäller)"),
    RuleInfo("ogiltig-nyckel", "fel", "en lista eller mappning används som nyckel"),
    RuleInfo("fel-typ", "fel", "fel sorts värde: t.ex. filens översta nivå är en lista, en nod "
             "är inte en mappning, `examples` är inte en lista, en text är ett tal"),
    RuleInfo("fält-saknas", "fel", "ett obligatoriskt fält saknas (`code`, `kind`, `title`; i "
             "`meta` alla fem)"),
    RuleInfo("okänt-fält", "fel", "fältet finns inte i formatet; förslag på rätt namn när det "
             "finns ett"),
    RuleInfo("ogiltigt-datum", "fel", "datumet finns inte (`2021-02-30`) eller är inte på "
             "formen ÅÅÅÅ-MM-DD (t.ex. ett heltal)"),
    RuleInfo("ogiltig-kod", "fel", "koden har fel form, eller är skriven utan citattecken "
             "(`2.4` blir ett tal)"),
    RuleInfo("ogiltigt-värde", "fel", "ett värde utanför de tillåtna (t.ex. `kind: X`, "
             "`removed_as: Borta`)"),
    RuleInfo("tomt-värde", "fel", "en text som inte får vara tom är tom"),
    RuleInfo("gallringsfrist-utan-gallras", "fel", "ett exempel har `gallringsfrist` utan "
             "`bevaras_gallras: gallras`"),
    RuleInfo("ogiltig-gallringsfrist", "fel", "gallringsfristen går inte att läsa som en tid "
             "och en utgångspunkt (se [dataformat.md](dataformat.md#gallringsfrist))"),
    RuleInfo("schema", "fel", "annat schemafel (meddelandet förklarar)"),
    RuleInfo("ogiltig-godkännande", "fel", "en post i listan över godkända varningar går inte "
             "att läsa, har en okänd regel eller en regel som ger fel"),
    RuleInfo("oanvänd-godkännande", "varning", "en godkänd varning finns inte längre; ta bort "
             "posten"),
)
