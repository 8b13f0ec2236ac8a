"""Detectors: find AI incidents of all six categories in AI traffic, offline, on a CPU."""
