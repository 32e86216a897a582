"""Linked-data publishing: resource descriptions, content negotiation, the JSON-LD
context, the VoID/DCAT dataset description with dumps, and harvesting other bodies' plans.

The web blueprint (eqkg.web.linked) and the CLI (`eqkg harvest`, `eqkg dump`) are thin
wrappers over these modules.
"""
