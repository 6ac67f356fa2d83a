"""Knowledge layer: word resources that help match a document type to a process.

Modules (import them directly; this file imports nothing so the package stays cheap):

* errors  – KnowledgeError, raised for a knowledge file that cannot be used.
* synlex  – general Swedish synonyms from Folkets synonymlexikon (Synlex, KTH).
* domain  – (added separately)
* lexicon – (added separately)

Data files live in data/; each third-party resource has its licence next to it.
"""
