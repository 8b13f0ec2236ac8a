"""The incident aggregate, its transition table and its log."""
