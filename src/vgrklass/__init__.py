"""vgrklass: the klassificeringsstruktur of Region Västra Götaland's regionstyrelse as data."""

__version__ = "0.1.0"
