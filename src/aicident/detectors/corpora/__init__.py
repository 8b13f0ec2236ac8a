"""Labelled corpora for the detectors, made by generators (no data is downloaded)."""
