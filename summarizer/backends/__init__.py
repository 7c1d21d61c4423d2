"""Backends behind small Protocols, picked by name: language detectors, translators, summarizers."""
